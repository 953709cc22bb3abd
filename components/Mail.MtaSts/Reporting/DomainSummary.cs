namespace Mail.MtaSts.Reporting;

/// <summary>Everything the reports say about one policy domain.</summary>
/// <param name="PolicyDomain">The <c>policy-domain</c>; empty for reports that left it out.</param>
/// <param name="SuccessfulSessions">All successful sessions.</param>
/// <param name="FailedSessions">All failed sessions.</param>
/// <param name="Days">Per UTC day, oldest first.</param>
/// <param name="FailuresByResultType">Failed sessions per result type (§4.3), most first.</param>
/// <param name="FailuresByReceivingMx">Failed sessions per <c>receiving-mx-hostname</c> (else <c>receiving-ip</c>), most first.</param>
/// <param name="FailuresBySendingIp">Failed sessions per <c>sending-mta-ip</c>, most first.</param>
/// <param name="Reporters">The organisations that reported, most reports first.</param>
/// <param name="Policies">The policies each reporter applied.</param>
public sealed record DomainSummary(
    string PolicyDomain,
    long SuccessfulSessions,
    long FailedSessions,
    IReadOnlyList<DaySummary> Days,
    IReadOnlyList<SessionCount> FailuresByResultType,
    IReadOnlyList<SessionCount> FailuresByReceivingMx,
    IReadOnlyList<SessionCount> FailuresBySendingIp,
    IReadOnlyList<ReporterSummary> Reporters,
    IReadOnlyList<ObservedPolicy> Policies)
{
    /// <summary>The key under which failures without a receiving MX or sending IP are counted.</summary>
    public const string NotReported = "(not reported)";

    /// <summary>The result type under which failed sessions are counted that the failure details do not account for (RFC 8460 §4.4: they are optional).</summary>
    public const string NotDetailed = "(not detailed)";

    /// <summary>Failed sessions as a share of all sessions, 0 to 1; 0 when there were none.</summary>
    public double FailureRate => DaySummary.Rate(SuccessfulSessions, FailedSessions);
}
