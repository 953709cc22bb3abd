using Mail.MtaSts.Reporting;

namespace Mail.MtaSts.Tests.Reporting;

/// <summary>Adding reports up per policy domain and day.</summary>
public class SummaryTests
{
    [Fact]
    public void Duplicate_reports_are_counted_once()
    {
        var summary = new ReportSummary();
        var json = SyntheticReports.Json(SyntheticReports.Report(reportId: "r-1", successful: 10));

        Assert.True(summary.Add(TlsReportParser.Parse(json, "a.json")));
        Assert.False(summary.Add(TlsReportParser.Parse(json, "copy-of-a.json")));
        Assert.True(summary.Add(TlsReportParser.Parse(SyntheticReports.Json(SyntheticReports.Report(reportId: "r-2", successful: 5)), "b.json")));
        Assert.True(summary.Add(TlsReportParser.Parse(SyntheticReports.Json(SyntheticReports.Report(organization: "Other", reportId: "r-1", successful: 1)), "c.json")));

        Assert.Equal((3, 1), (summary.Reports, summary.Duplicates));
        Assert.Equal(16, Assert.Single(summary.Domains).SuccessfulSessions);
    }

    [Fact]
    public void Days_rates_and_filters()
    {
        var reports = new[]
        {
            SyntheticReports.Report(reportId: "1", day: "2026-11-01", successful: 90, failures: [("certificate-expired", 10, "198.51.100.1", "mx1.example.com")]),
            SyntheticReports.Report(reportId: "2", day: "2026-11-02", successful: 50, failures: []),
            SyntheticReports.Report(reportId: "3", day: "2026-11-02", successful: 30, failures: [("starttls-not-supported", 20, "198.51.100.2", "mx2.example.com")]),
            SyntheticReports.Report(reportId: "4", day: "2026-11-03", domain: "example.org", successful: 1),
        };

        var all = Summarise(new ReportSummary(), reports);
        var example = all.Domains.Single(d => d.PolicyDomain == "example.com");
        Assert.Equal(["example.com", "example.org"], all.Domains.Select(d => d.PolicyDomain));
        Assert.Equal(["2026-11-01 90/10 0.1", "2026-11-02 80/20 0.2"], example.Days.Select(d => $"{d.Day:yyyy-MM-dd} {d.SuccessfulSessions}/{d.FailedSessions} {d.FailureRate}"));
        Assert.Equal(30.0 / 200, example.FailureRate);
        Assert.Equal(["starttls-not-supported=20"], example.Days[1].FailuresByResultType.Select(c => $"{c.Key}={c.Sessions}"));

        var filtered = Summarise(new ReportSummary(domain: "EXAMPLE.com.", since: new DateOnly(2026, 11, 2), until: new DateOnly(2026, 11, 2)), reports);
        Assert.Equal(2, filtered.Reports);
        var day = Assert.Single(Assert.Single(filtered.Domains).Days);
        Assert.Equal(new DateOnly(2026, 11, 2), day.Day);
    }

    [Fact]
    public void Policies_seen_tell_testing_from_enforce_and_carry_the_deployed_id()
    {
        var summary = Summarise(new ReportSummary(),
        [
            SyntheticReports.Report(organization: "A", reportId: "1", mode: "testing", failures: [("certificate-expired", 2, "198.51.100.1", "mx1.example.com")]),
            SyntheticReports.Report(organization: "A", reportId: "2", mode: "enforce", failures: [("certificate-expired", 3, "198.51.100.1", "mx1.example.com")]),
            SyntheticReports.Report(organization: "B", reportId: "1", mode: "enforce"),
        ]);

        var policies = Assert.Single(summary.Domains).Policies;
        var enforce = new Policy(PolicyMode.Enforce, 604800, [MxPattern.Parse("mx1.example.com").Value!]);
        Assert.Equal(
            [
                new ObservedPolicy("A", PolicyType.Sts, PolicyMode.Testing, PolicyId.ForPolicy(new Policy(PolicyMode.Testing, 604800, enforce.Mx).ToBytes()).Value, 1, 100, 2),
                new ObservedPolicy("A", PolicyType.Sts, PolicyMode.Enforce, PolicyId.ForPolicy(enforce.ToBytes()).Value, 1, 100, 3),
                new ObservedPolicy("B", PolicyType.Sts, PolicyMode.Enforce, PolicyId.ForPolicy(enforce.ToBytes()).Value, 1, 100, 0),
            ],
            policies);
    }

    [Fact]
    public void A_report_with_one_tlsa_policy_per_mx_counts_once_under_that_policy()
    {
        // DANE reports carry one tlsa policy per MX host (RFC 8460 §4.4); they were counted as two reports.
        var report = SyntheticReports.Report(organization: "Dane Sender", reportId: "d-1", successful: 10);
        var second = report["policies"]![0]!.DeepClone();
        report["policies"]!.AsArray().Add(second);
        foreach (var (policy, mx) in report["policies"]!.AsArray().Zip(["mx1.example.com", "mx2.example.com"]))
        {
            policy!["policy"]!["policy-type"] = "tlsa";
            policy["policy"]!["policy-string"] = new System.Text.Json.Nodes.JsonArray($"3 1 1 {(mx == "mx1.example.com" ? "AB" : "CD")}");
            policy["policy"]!["mx-host"] = mx;
        }

        var domain = Assert.Single(Summarise(new ReportSummary(), [report]).Domains);

        Assert.Equal(new ReporterSummary("Dane Sender", "tls-reports@dane-sender.example", 1, 20, 0), Assert.Single(domain.Reporters));
        Assert.Equal(new ObservedPolicy("Dane Sender", PolicyType.Tlsa, null, null, 1, 20, 0), Assert.Single(domain.Policies));
    }

    [Fact]
    public void Totals_that_would_pass_the_largest_count_stop_there_instead_of_overflowing()
    {
        // Anyone may mail a report to the rua address: 1,100 reports of 2^53 - 1 sessions over two days overflowed
        // the domain's totals (an OverflowException when they were read, which stopped the whole summary).
        const long most = (1L << 53) - 1;
        var summary = Summarise(new ReportSummary(), Enumerable.Range(0, 1100).Select(i => SyntheticReports.Report(
            reportId: $"flood-{i}", day: i % 2 == 0 ? "2026-11-01" : "2026-11-02", successful: most, failures: [("certificate-expired", most, "198.51.100.1", "mx1.example.com")])));

        var domain = Assert.Single(summary.Domains);

        Assert.Equal((long.MaxValue, long.MaxValue), (domain.SuccessfulSessions, domain.FailedSessions));
        Assert.Equal(550 * most, domain.Days[0].SuccessfulSessions);
        Assert.Equal(long.MaxValue, Assert.Single(domain.FailuresByResultType).Sessions);
        Assert.Equal((long.MaxValue, long.MaxValue), (domain.Reporters[0].SuccessfulSessions, domain.Policies[0].FailedSessions));
    }

    [Fact]
    public void The_same_deviation_in_many_reports_is_one_note_counted_per_report()
    {
        var summary = new ReportSummary();
        for (var i = 1; i <= 3; i++)
        {
            var message = SyntheticReports.Message(SyntheticReports.Report(organization: "Sender", reportId: $"r-{i}"), subjectId: $"subject-{i}");
            foreach (var result in TlsReportReader.ReadMessage(new MemoryStream(SyntheticReports.Bytes(message)), $"m{i}.eml"))
            {
                summary.Add(result);
            }
        }

        var note = Assert.Single(summary.Notes);
        Assert.Equal(("Sender", "Subject", "RFC 8460 §5.3", 3L), (note.Organization, note.Field, note.Section, note.Reports));
    }

    [Fact]
    public void With_a_domain_selected_only_the_notes_of_its_policies_and_of_the_report_are_counted()
    {
        // One report about two domains: the RFC 8460 example's company-y.example and Mail.ru's example.com policy, which has
        // no policy-string, no sending-mta-ip and details that do not add up. --domain company-y.example counted Mail.ru's notes.
        var report = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(CorpusFile.Path("parsedmarc-rfc8460.json")))!;
        var mailRu = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(CorpusFile.Path("parsedmarc-mail.ru.json")))!;
        report["policies"]!.AsArray().Add(mailRu["policies"]![0]!.DeepClone());
        report["date-range"]!["end-datetime"] = "2016-04-01T23:59:59"; // no offset: a note about the report as a whole
        var parsed = TlsReportParser.Parse(SyntheticReports.Json(report), "two-domains.json");

        var rfcDomain = new ReportSummary(domain: "company-y.example");
        rfcDomain.Add(parsed);
        var mailRuDomain = new ReportSummary(domain: "example.com");
        mailRuDomain.Add(parsed);

        Assert.Equal(["date-range.end-datetime"], rfcDomain.Notes.Select(n => n.Field));
        Assert.Equal(
            ["date-range.end-datetime", "policies[*].failure-details", "policies[*].failure-details[*].sending-mta-ip", "policies[*].policy.policy-string"],
            mailRuDomain.Notes.Select(n => n.Field).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_note_repeated_within_one_report_counts_that_report_once()
    {
        // Mail.ru leaves sending-mta-ip out of both its failure details: one report carried the note, counted as two.
        var summary = new ReportSummary();
        summary.Add(TlsReportParser.Parse(File.ReadAllBytes(CorpusFile.Path("parsedmarc-mail.ru.json")), "mail.ru.json"));

        var note = Assert.Single(summary.Notes, n => n.Field == "policies[*].failure-details[*].sending-mta-ip");
        Assert.Equal(1, note.Reports);
    }

    [Fact]
    public void Rejections_are_counted_with_their_messages()
    {
        var summary = new ReportSummary();
        foreach (var result in TlsReportReader.Read(new MemoryStream("{\"policies\": 1}"u8.ToArray()), "bad.json"))
        {
            summary.Add(result);
        }

        Assert.Equal((0, 1), (summary.Reports, summary.Rejected));
        Assert.StartsWith("bad.json: date-range", Assert.Single(summary.Rejections));
    }

    private static ReportSummary Summarise(ReportSummary summary, IEnumerable<System.Text.Json.Nodes.JsonObject> reports)
    {
        foreach (var report in reports)
        {
            summary.Add(TlsReportParser.Parse(SyntheticReports.Json(report), "synthetic.json"));
        }

        return summary;
    }

    [Fact]
    public void Reports_outside_the_filter_are_counted_with_the_domains_and_days_read()
    {
        // What a mail admin needs when a filter leaves nothing: how many reports were read, about which domains, which days.
        var summary = new ReportSummary("example.org", since: new DateOnly(2026, 11, 2));
        TlsReport Report(string id, string domain, string day) =>
            TlsReportParser.Parse(SyntheticReports.Json(SyntheticReports.Report(reportId: id, domain: domain, day: day)), id);

        Assert.False(summary.Add(Report("1", "example.com", "2026-11-01")));
        Assert.False(summary.Add(Report("2", "example.org", "2026-10-31")));
        Assert.True(summary.Add(Report("3", "example.org", "2026-11-03")));
        Assert.False(summary.Add(Report("4", "mail.example", "2026-11-04")));

        Assert.Equal((1L, 3L), (summary.Reports, summary.LeftOut));
        Assert.Equal(["example.com", "example.org", "mail.example"], summary.DomainsRead);
        Assert.Equal((new DateOnly(2026, 10, 31), new DateOnly(2026, 11, 4)), (summary.FirstDayRead, summary.LastDayRead));
    }

    [Fact]
    public void Failed_sessions_the_details_do_not_explain_are_counted_as_not_detailed()
    {
        // RFC 8460 §4.4: failure-details may be left out or cover fewer sessions than the summary; the owner must still see
        // that failures happened and that the reporter did not say why, not a breakdown that adds up to less.
        var summary = new ReportSummary();
        var partly = SyntheticReports.Report(reportId: "r-1", failures: [("certificate-expired", 2, "198.51.100.1", "mx1.example.com")]);
        partly["policies"]![0]!["summary"]!["total-failure-session-count"] = 5;
        var bare = SyntheticReports.Report(reportId: "r-2", day: "2026-11-03", failures: []);
        bare["policies"]![0]!["summary"]!["total-failure-session-count"] = 4;

        summary.Add(TlsReportParser.Parse(SyntheticReports.Json(partly), "partly.json"));
        summary.Add(TlsReportParser.Parse(SyntheticReports.Json(bare), "bare.json"));

        var domain = Assert.Single(summary.Domains);
        Assert.Equal(9, domain.FailedSessions);
        Assert.Equal(["(not detailed)=7", "certificate-expired=2"], domain.FailuresByResultType.Select(c => $"{c.Key}={c.Sessions}"));
        Assert.Equal(["(not reported)=7", "mx1.example.com=2"], domain.FailuresByReceivingMx.Select(c => $"{c.Key}={c.Sessions}"));
        Assert.Equal(["(not reported)=7", "198.51.100.1=2"], domain.FailuresBySendingIp.Select(c => $"{c.Key}={c.Sessions}"));
        Assert.Equal(
            ["2026-11-02 (not detailed)=3 certificate-expired=2", "2026-11-03 (not detailed)=4"],
            domain.Days.Select(d => $"{d.Day:yyyy-MM-dd} " + string.Join(" ", d.FailuresByResultType.Select(c => $"{c.Key}={c.Sessions}"))));
    }
}
