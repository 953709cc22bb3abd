namespace Mail.MtaSts.Reporting;

/// <summary>One policy domain's sessions on one UTC day, from every report whose date range starts that day.</summary>
/// <param name="Day">The UTC day.</param>
/// <param name="SuccessfulSessions">The sum of <c>total-successful-session-count</c>.</param>
/// <param name="FailedSessions">The sum of <c>total-failure-session-count</c>.</param>
/// <param name="FailuresByResultType">Failed sessions per result type, most first.</param>
public sealed record DaySummary(DateOnly Day, long SuccessfulSessions, long FailedSessions, IReadOnlyList<SessionCount> FailuresByResultType)
{
    /// <summary>Failed sessions as a share of all sessions, 0 to 1; 0 when there were none.</summary>
    public double FailureRate => Rate(SuccessfulSessions, FailedSessions);

    internal static double Rate(long successful, long failed) => successful + failed == 0 ? 0 : (double)failed / (successful + failed);
}
