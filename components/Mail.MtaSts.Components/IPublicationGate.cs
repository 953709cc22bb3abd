namespace Mail.MtaSts.Components;

/// <summary>Waits until a plan's policy URL serves exactly its bytes, as senders fetch it (RFC 8461 §3.3, §8.1).</summary>
internal interface IPublicationGate
{
    /// <summary>
    /// Whether <see cref="DeploymentPlan.PolicyUrl"/> was seen serving <see cref="DeploymentPlan.PolicyBytes"/>, and the
    /// outcome in words: what was seen, and when not, what was served instead. Each fetch without the bytes is told to
    /// <paramref name="progress"/> as it happens.
    /// </summary>
    Task<(bool Observed, string Message)> WaitAsync(DeploymentPlan plan, Action<string> progress);
}
