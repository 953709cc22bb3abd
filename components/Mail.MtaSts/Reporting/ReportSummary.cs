using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Mail.MtaSts.Reporting;

/// <summary>
/// Adds reports up, one at a time, per policy domain and UTC day. Nothing of a report is kept once it is
/// added except 16 bytes that recognise it again (a repeated delivery of the same <c>organization-name</c>
/// and <c>report-id</c> is counted once); everything else grows only with the distinct domains, days,
/// reporters, policies, MX hosts, IPs and result types.
/// </summary>
public sealed partial class ReportSummary
{
    private const int RejectionsKept = 100;

    private readonly string? domain;
    private readonly DateOnly? since;
    private readonly DateOnly? until;
    private readonly HashSet<UInt128> seen = [];
    private readonly Dictionary<string, DomainTotals> domains = [];
    private readonly Dictionary<(string, string, string, string), long> notes = [];
    private readonly List<string> rejections = [];
    private readonly Dictionary<string, (PolicyMode? Mode, string? Id)> policyCache = [];
    private readonly SortedSet<string> domainsRead = new(StringComparer.Ordinal);

    /// <summary>Creates an empty summary that keeps only the reports' parts inside the filter.</summary>
    /// <param name="domain">Only this policy domain; null for all.</param>
    /// <param name="since">Only days on or after this; null for no lower bound.</param>
    /// <param name="until">Only days on or before this; null for no upper bound.</param>
    public ReportSummary(string? domain = null, DateOnly? since = null, DateOnly? until = null)
    {
        this.domain = domain?.Trim().TrimEnd('.').ToLowerInvariant();
        this.since = since;
        this.until = until;
    }

    /// <summary>Distinct reports added that had a policy inside the filter.</summary>
    public long Reports { get; private set; }

    /// <summary>Reports seen before (same organisation and report id) and not counted again.</summary>
    public long Duplicates { get; private set; }

    /// <summary>Reports read that had no policy inside the filter, so were not counted (repeated deliveries included).</summary>
    public long LeftOut { get; private set; }

    /// <summary>The policy domains of every report read, inside the filter or not, in name order.</summary>
    public IReadOnlyCollection<string> DomainsRead => domainsRead;

    /// <summary>The earliest day (UTC) of the reports read, inside the filter or not; null before any.</summary>
    public DateOnly? FirstDayRead { get; private set; }

    /// <summary>The latest day (UTC) of the reports read, inside the filter or not; null before any.</summary>
    public DateOnly? LastDayRead { get; private set; }

    /// <summary>Reports that could not be read.</summary>
    public long Rejected { get; private set; }

    /// <summary>The messages of the first 100 rejected reports, each naming the source and the field.</summary>
    public IReadOnlyList<string> Rejections => rejections;

    /// <summary>
    /// The deviation notes of the counted reports, per reporter, field and rule, most frequent first: with a domain filter,
    /// only those about the report as a whole or about a policy of that domain.
    /// </summary>
    public IReadOnlyList<NoteCount> Notes =>
        [.. notes.Select(n => new NoteCount(n.Key.Item1, n.Key.Item2, n.Key.Item3, n.Key.Item4, n.Value))
            .OrderByDescending(n => n.Reports).ThenBy(n => n.Organization, StringComparer.Ordinal).ThenBy(n => n.Field, StringComparer.Ordinal)];

    /// <summary>The policy domains, in name order.</summary>
    public IReadOnlyList<DomainSummary> Domains =>
        [.. domains.OrderBy(d => d.Key, StringComparer.Ordinal).Select(d => d.Value.ToSummary(d.Key))];

    /// <summary>Adds a read outcome: its report, or its rejection.</summary>
    /// <param name="result">What reading one report gave.</param>
    public void Add(ReportReadResult result)
    {
        if (result.Report is { } report)
        {
            Add(report);
        }
        else if (result.Error is { } error)
        {
            Reject(error);
        }
    }

    /// <summary>Counts a report that could not be read.</summary>
    /// <param name="error">Why it could not be read.</param>
    public void Reject(TlsReportFormatException error)
    {
        Rejected++;
        if (rejections.Count < RejectionsKept)
        {
            rejections.Add(error.Message);
        }
    }

    /// <summary>Adds a report.</summary>
    /// <param name="report">The report.</param>
    /// <returns>False when it was a duplicate or had no policy inside the filter.</returns>
    public bool Add(TlsReport report)
    {
        // What was read, so that a filter that leaves nothing can say what it left out.
        var day = report.DateRange.Day;
        FirstDayRead = FirstDayRead is { } earliest && earliest <= day ? earliest : day;
        LastDayRead = LastDayRead is { } latest && latest >= day ? latest : day;
        domainsRead.UnionWith(report.Policies.Select(p => p.Policy.PolicyDomain).Where(d => d.Length > 0));

        var policies = since is { } first && day < first || until is { } last && day > last ? [] : report.Policies.Where(Selected).ToList();
        if (policies.Count == 0)
        {
            LeftOut++;
            return false;
        }

        if (report.ReportId.Length > 0 && !seen.Add(Fingerprint(report)))
        {
            Duplicates++;
            return false;
        }

        Reports++;
        var counted = new HashSet<(string, string, string, string)>();
        foreach (var note in report.Notes)
        {
            // A note on one policy counts only when that policy is inside the filter; a note on the report (its dates, its
            // message's headers) counts with the report. A note repeated within a report (Mail.ru leaves every sending-mta-ip
            // out) counts that report once: the count is of reports.
            if (PolicyIndex().Match(note.Field) is { Success: true } match &&
                int.TryParse(match.Groups[1].ValueSpan, CultureInfo.InvariantCulture, out var index) && index < report.Policies.Count && !Selected(report.Policies[index]))
            {
                continue;
            }

            var key = (report.OrganizationName, Index().Replace(note.Field, "[*]"), note.Rule, note.Section);
            if (counted.Add(key))
            {
                notes[key] = notes.GetValueOrDefault(key) + 1;
            }
        }

        foreach (var group in policies.GroupBy(p => p.Policy.PolicyDomain))
        {
            if (!domains.TryGetValue(group.Key, out var totals))
            {
                domains[group.Key] = totals = new DomainTotals();
            }

            totals.AddReporter(report, group);

            // A DANE report carries one tlsa policy per MX host (RFC 8460 §4.4): one report, counted once per policy row.
            var named = new HashSet<(PolicyType, PolicyMode?, string?)>();
            foreach (var summary in group)
            {
                var (mode, id) = Observe(summary.Policy);
                totals.Add(day, report.OrganizationName, summary, mode, id, named.Add((summary.Policy.PolicyType, mode, id)));
            }
        }

        return true;
    }

    private bool Selected(PolicySummary policy) => domain is null || policy.Policy.PolicyDomain == domain;

    /// <summary>The mode and id of a reported policy, read once per distinct <c>policy-string</c> of up to 1 KiB, at most 4,096 of them.</summary>
    private (PolicyMode? Mode, string? Id) Observe(ReportedPolicy policy)
    {
        if (policy.PolicyType != PolicyType.Sts || policy.PolicyString.Count == 0)
        {
            return (null, null);
        }

        var text = string.Concat(policy.PolicyString.Select(line => line + "\n"));
        if (!policyCache.TryGetValue(text, out var observed))
        {
            // The policy-string is the policy as fetched (RFC 8460 §4.5); the core reads it as a sender would (RFC 8461 §3.2).
            observed = (Policy.Parse(text).Value?.Mode, PolicyId.ForPolicy(Encoding.UTF8.GetBytes(text)).Value);
            // Only policies of the usual size are kept (a few lines each): the cache must not keep what strangers send (RFC 8460 §7).
            if (policyCache.Count < 4096 && text.Length <= 1024)
            {
                policyCache[text] = observed;
            }
        }

        return observed;
    }

    private static UInt128 Fingerprint(TlsReport report)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(report.OrganizationName + "\n" + report.ReportId), hash);
        return new UInt128(BitConverter.ToUInt64(hash), BitConverter.ToUInt64(hash[8..]));
    }

    [GeneratedRegex(@"\[\d+\]")]
    private static partial Regex Index();

    /// <summary>The index of the policy a note's field is in, as the parser names it: <c>policies[2].policy.mx-host</c>.</summary>
    [GeneratedRegex(@"^policies\[(\d+)\]")]
    private static partial Regex PolicyIndex();

    private sealed class DomainTotals
    {
        private readonly SortedDictionary<DateOnly, DayTotals> days = [];
        private readonly Dictionary<string, long> byResultType = [];
        private readonly Dictionary<string, long> byMx = [];
        private readonly Dictionary<string, long> byIp = [];
        private readonly Dictionary<(string, string), long[]> reporters = [];
        private readonly Dictionary<(string, PolicyType, PolicyMode?, string?), long[]> policies = [];

        public void AddReporter(TlsReport report, IEnumerable<PolicySummary> summaries)
        {
            var key = (report.OrganizationName, report.ContactInfo);
            if (!reporters.TryGetValue(key, out var counts))
            {
                reporters[key] = counts = new long[3];
            }

            counts[0]++;
            foreach (var summary in summaries)
            {
                counts[1] = Plus(counts[1], summary.TotalSuccessfulSessionCount);
                counts[2] = Plus(counts[2], summary.TotalFailureSessionCount);
            }
        }

        public void Add(DateOnly day, string organization, PolicySummary summary, PolicyMode? mode, string? id, bool countReport)
        {
            if (!days.TryGetValue(day, out var totals))
            {
                days[day] = totals = new DayTotals();
            }

            totals.Successful = Plus(totals.Successful, summary.TotalSuccessfulSessionCount);
            totals.Failed = Plus(totals.Failed, summary.TotalFailureSessionCount);
            var detailed = 0L;
            foreach (var detail in summary.FailureDetails)
            {
                detailed = Plus(detailed, detail.FailedSessionCount);
                Fail(totals, detail.ResultTypeName, detail.ReceivingMxHostname ?? detail.ReceivingIp, detail.SendingMtaIp, detail.FailedSessionCount);
            }

            // The failure-details are optional (RFC 8460 §4.4) and may detail fewer sessions than the summary: the rest are
            // shown as such, so that the breakdown adds up to the failures and "why" is never silently missing.
            if (summary.TotalFailureSessionCount > detailed)
            {
                Fail(totals, DomainSummary.NotDetailed, null, null, summary.TotalFailureSessionCount - detailed);
            }

            var key = (organization, summary.Policy.PolicyType, mode, id);
            if (!policies.TryGetValue(key, out var counts))
            {
                policies[key] = counts = new long[3];
            }

            if (countReport)
            {
                counts[0]++;
            }

            counts[1] = Plus(counts[1], summary.TotalSuccessfulSessionCount);
            counts[2] = Plus(counts[2], summary.TotalFailureSessionCount);
        }

        public DomainSummary ToSummary(string name) => new(
            name,
            days.Values.Aggregate(0L, (sum, d) => Plus(sum, d.Successful)),
            days.Values.Aggregate(0L, (sum, d) => Plus(sum, d.Failed)),
            [.. days.Select(d => new DaySummary(d.Key, d.Value.Successful, d.Value.Failed, Ranked(d.Value.ByResultType)))],
            Ranked(byResultType),
            Ranked(byMx),
            Ranked(byIp),
            [.. reporters.Select(r => new ReporterSummary(r.Key.Item1, r.Key.Item2, r.Value[0], r.Value[1], r.Value[2]))
                .OrderByDescending(r => r.Reports).ThenBy(r => r.Organization, StringComparer.Ordinal)],
            [.. policies.Select(p => new ObservedPolicy(p.Key.Item1, p.Key.Item2, p.Key.Item3, p.Key.Item4, p.Value[0], p.Value[1], p.Value[2]))
                .OrderBy(p => p.Organization, StringComparer.Ordinal).ThenByDescending(p => p.Reports)]);

        private void Fail(DayTotals day, string resultType, string? receivingMx, string? sendingIp, long sessions)
        {
            Increment(day.ByResultType, resultType, sessions);
            Increment(byResultType, resultType, sessions);
            Increment(byMx, receivingMx ?? DomainSummary.NotReported, sessions);
            Increment(byIp, sendingIp ?? DomainSummary.NotReported, sessions);
        }

        private static void Increment(Dictionary<string, long> counts, string key, long sessions) =>
            counts[key] = Plus(counts.GetValueOrDefault(key), sessions);

        /// <summary>
        /// A sum of non-negative counts that stops at <see cref="long.MaxValue"/>: anyone may send reports (RFC 8460 §7),
        /// and a flood of reports of 2^53 - 1 sessions each must not wrap the totals negative.
        /// </summary>
        private static long Plus(long sum, long count) => sum > long.MaxValue - count ? long.MaxValue : sum + count;

        private static List<SessionCount> Ranked(Dictionary<string, long> counts) =>
            [.. counts.Select(c => new SessionCount(c.Key, c.Value)).OrderByDescending(c => c.Sessions).ThenBy(c => c.Key, StringComparer.Ordinal)];
    }

    private sealed class DayTotals
    {
        public long Successful { get; set; }

        public long Failed { get; set; }

        public Dictionary<string, long> ByResultType { get; } = [];
    }
}
