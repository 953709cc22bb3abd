using System.Globalization;
using Mail.MtaSts.Verification;

namespace Mail.MtaSts.Components;

/// <summary><see cref="IPublicationGate"/> by fetching the policy over HTTPS as a sender does, with <see cref="PublicationGate"/>.</summary>
internal sealed class HttpsPublicationGate(PublicationGate gate) : IPublicationGate
{
    public async Task<(bool Observed, string Message)> WaitAsync(DeploymentPlan plan, Action<string> progress)
    {
        var result = await gate.WaitAsync(plan.Domain.Value, plan.PolicyBytes, (served, wait) =>
        {
            if (!served.Matches)
            {
                var seconds = wait.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
                progress($"fetch {served.Fetch} of {plan.PolicyUrl}: not yet the new policy: {served}; next fetch in {seconds} s");
            }
        });
        return (result.Observed, result.Message);
    }
}
