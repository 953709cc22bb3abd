using System.Globalization;
using System.Security.Cryptography.X509Certificates;

namespace Mail.MtaSts.Verification;

/// <summary>What the check areas of one domain's verification share: the network, the settings and the deadline.</summary>
/// <param name="Dns">Every lookup but MX.</param>
/// <param name="Mx">The MX lookup (<see cref="MxLookup"/>), on the same DNS client.</param>
/// <param name="Settings">The verifier's settings.</param>
/// <param name="Trust">The chain policy of every handshake (<see cref="CertificateChecks.Trust"/>).</param>
/// <param name="Deadline">The domain's deadline (<see cref="VerificationSettings.Timeout"/>), linked to <paramref name="Caller"/>.</param>
/// <param name="Caller">The caller's cancellation, which throws instead of becoming a check.</param>
internal sealed record VerificationContext(
    DnsLookup Dns, MxLookup Mx, VerificationSettings Settings, X509ChainPolicy Trust, CancellationToken Deadline, CancellationToken Caller)
{
    /// <summary>Whether the deadline, not the caller, stopped a step: the step then becomes a failed check.</summary>
    internal bool DeadlinePassed => Deadline.IsCancellationRequested && !Caller.IsCancellationRequested;

    /// <summary>The deadline in seconds, for messages.</summary>
    internal string DeadlineSeconds => Settings.Timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>A lookup that the deadline stops even where the DNS client would wait on.</summary>
    internal Task<DnsAnswer<T>> Lookup<T>(Task<DnsAnswer<T>> lookup) => lookup.WaitAsync(Deadline);
}
