namespace Mail.MtaSts.Reporting;

/// <summary>
/// What one sender saw for one policy: an element of the report's <c>policies</c> array, holding the
/// <c>policy</c>, its <c>summary</c> counts (§4.2) and the <c>failure-details</c> (RFC 8460 §4.4).
/// </summary>
public sealed class PolicySummary
{
    /// <summary>Creates a policy summary.</summary>
    /// <param name="policy">The policy applied.</param>
    /// <param name="totalSuccessfulSessionCount">The <c>total-successful-session-count</c>.</param>
    /// <param name="totalFailureSessionCount">The <c>total-failure-session-count</c>.</param>
    /// <param name="failureDetails">The <c>failure-details</c>.</param>
    public PolicySummary(ReportedPolicy policy, long totalSuccessfulSessionCount, long totalFailureSessionCount, IReadOnlyList<FailureDetails> failureDetails)
    {
        Policy = policy;
        TotalSuccessfulSessionCount = totalSuccessfulSessionCount;
        TotalFailureSessionCount = totalFailureSessionCount;
        FailureDetails = failureDetails;
    }

    /// <summary>The policy applied.</summary>
    public ReportedPolicy Policy { get; }

    /// <summary>The <c>total-successful-session-count</c>: sessions that negotiated TLS under the policy.</summary>
    public long TotalSuccessfulSessionCount { get; }

    /// <summary>The <c>total-failure-session-count</c>: sessions that failed to (§4.2).</summary>
    public long TotalFailureSessionCount { get; }

    /// <summary>The <c>failure-details</c>, possibly empty.</summary>
    public IReadOnlyList<FailureDetails> FailureDetails { get; }
}
