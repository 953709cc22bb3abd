using Mail.MtaSts.Reporting;

namespace Mail.MtaSts.Cli.Reports;

/// <summary>
/// One row of the overview that opens the table and the page, so that a provider with hundreds of domains sees the
/// worst first: a domain's sessions, failure rate, the result type (RFC 8460 §4.3) and the receiving MX with the most
/// failed sessions, and the number of its section (sections stay in name order).
/// </summary>
internal sealed record DomainOverview(DomainSummary Domain, int Section, string TopFailure, string TopMx)
{
    /// <summary>Shown where a domain had no failed session.</summary>
    public const string None = "-";

    /// <summary>The domains (in name order, as sections are numbered from 1) by failure rate, then failed sessions, worst first.</summary>
    public static List<DomainOverview> Of(IReadOnlyList<DomainSummary> domains) =>
        [.. domains.Select((d, i) => new DomainOverview(d, i + 1, Top(d.FailuresByResultType), Top(d.FailuresByReceivingMx)))
            .OrderByDescending(o => o.Domain.FailureRate)
            .ThenByDescending(o => o.Domain.FailedSessions)
            .ThenBy(o => o.Domain.PolicyDomain, StringComparer.Ordinal)];

    /// <summary>Every session: successful and failed, stopping at <see cref="long.MaxValue"/> as the counts do.</summary>
    public long Sessions => Domain.SuccessfulSessions > long.MaxValue - Domain.FailedSessions ? long.MaxValue : Domain.SuccessfulSessions + Domain.FailedSessions;

    private static string Top(IReadOnlyList<SessionCount> counts) => counts.Count > 0 ? counts[0].Key : None;

    /// <summary>The domain as shown: <c>(no policy-domain)</c> for reports that left it out.</summary>
    public static string Name(DomainSummary domain) => domain.PolicyDomain.Length == 0 ? "(no policy-domain)" : domain.PolicyDomain;
}
