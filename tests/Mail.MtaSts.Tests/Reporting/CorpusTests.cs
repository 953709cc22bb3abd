using Mail.MtaSts.Reporting;

namespace Mail.MtaSts.Tests.Reporting;

/// <summary>Every real report of the corpus (Corpus/tlsrpt/SOURCES.md) reads with the totals it states.</summary>
public class CorpusTests
{
    public static TheoryData<string, string, string, string, long, long, string, string> Files => new()
    {
        // file, organisation, contact, domain/type/mode, successful, failed, failures by result type, note fields
        {
            "parsedmarc-rfc8460.json", "Company-X", "sts-reporting@company-x.example", "company-y.example sts testing", 5326, 303,
            "certificate-expired=100 starttls-not-supported=200 validation-failure=3", ""
        },
        {
            "parsedmarc-smtp_tls.json", "Example Inc.", "smtp-tls-reporting@example.com", "example.com sts testing", 0, 3,
            "validation-failure=2 validation-failure=1", ""
        },
        {
            // Mail.ru: no policy-string, no sending-mta-ip, two failed sessions detailed under a total of one.
            "parsedmarc-mail.ru.json", "Mail.ru", "tls_support@corp.mail.ru", "example.com sts ?", 0, 1,
            "sts-policy-fetch-error=1 sts-policy-fetch-error=1",
            "policies[0].policy.policy-string policies[0].failure-details[0].sending-mta-ip policies[0].failure-details[1].sending-mta-ip policies[0].failure-details"
        },
        {
            "parsedmarc-empty_failure_detail_fields.json", "Reporter Example", "smtp-tls-reporting@reporter.example", "example.com sts enforce", 0, 1,
            "sts-policy-fetch-error=1",
            "policies[0].failure-details[0].sending-mta-ip policies[0].failure-details[0].receiving-mx-hostname policies[0].failure-details[0].receiving-ip policies[0].failure-details[0].additional-information"
        },
        {
            // Google in an e-mail: mx-host as an array. The subject's Report-ID is a message id (RFC 8460 §5.3), not the
            // body's report-id, as §5.3 has it: no note. The attachment's name follows §5.1 and agrees with the body.
            "mox-example.eml", "Google Inc.", "smtp-tls-reporting@google.com", "test.xmox.nl sts enforce", 3, 0, "", "policies[0].policy.mx-host"
        },
        {
            "parsedmarc-google.com_smtp_tls_report.eml", "Google Inc.", "smtp-tls-reporting@google.com", "cardinalhealth.ca no-policy-found ?", 48, 0, "", ""
        },
    };

    [Theory]
    [MemberData(nameof(Files))]
    public void Corpus_file_reads_with_its_totals(string file, string organization, string contact, string policy, long successful, long failed, string failures, string noteFields)
    {
        using var stream = File.OpenRead(CorpusFile.Path(file));
        var results = TlsReportReader.Read(stream, file).ToList();

        var result = Assert.Single(results);
        Assert.Null(result.Error);
        var report = result.Report!;
        Assert.Equal(organization, report.OrganizationName);
        Assert.Equal(contact, report.ContactInfo);
        var summary = Assert.Single(report.Policies);
        var mode = summary.Policy.PolicyString.Select(l => l.Split(':', 2)).Where(p => p[0] == "mode").Select(p => p[1].Trim()).FirstOrDefault() ?? "?";
        Assert.Equal(policy, $"{summary.Policy.PolicyDomain} {summary.Policy.PolicyType.ToRfcName()} {mode}");
        Assert.Equal(successful, summary.TotalSuccessfulSessionCount);
        Assert.Equal(failed, summary.TotalFailureSessionCount);
        Assert.Equal(failures, string.Join(" ", summary.FailureDetails.Select(d => $"{d.ResultTypeName}={d.FailedSessionCount}")));
        Assert.Equal(noteFields, string.Join(" ", report.Notes.Select(n => n.Field)));
        Assert.All(report.Notes, n => Assert.Equal(Severity.Warning, n.Severity));
    }

    [Fact]
    public void Whole_corpus_summarises_per_domain_and_reporter()
    {
        var summary = new ReportSummary();
        foreach (var file in CorpusFile.All())
        {
            using var stream = File.OpenRead(file);
            foreach (var result in TlsReportReader.Read(stream, Path.GetFileName(file)))
            {
                summary.Add(result);
            }
        }

        Assert.Equal(6, summary.Reports);
        Assert.Equal(0, summary.Rejected);
        Assert.Equal(0, summary.Duplicates);
        Assert.Equal(
            ["cardinalhealth.ca", "company-y.example", "example.com", "test.xmox.nl"],
            summary.Domains.Select(d => d.PolicyDomain));

        var example = summary.Domains.Single(d => d.PolicyDomain == "example.com");
        Assert.Equal(0, example.SuccessfulSessions);
        Assert.Equal(5, example.FailedSessions);
        Assert.Equal(1.0, example.FailureRate);
        Assert.Equal(
            ["sts-policy-fetch-error=3", "validation-failure=3"],
            example.FailuresByResultType.Select(c => $"{c.Key}={c.Sessions}"));
        Assert.Equal(
            ["(not reported)=3", "example.com=3"],
            example.FailuresByReceivingMx.Select(c => $"{c.Key}={c.Sessions}"));
        Assert.Equal(
            ["(not reported)=3", "209.85.222.201=2", "209.85.208.176=1"],
            example.FailuresBySendingIp.Select(c => $"{c.Key}={c.Sessions}"));
        Assert.Equal(
            ["Example Inc.", "Mail.ru", "Reporter Example"],
            example.Reporters.Select(r => r.Organization).Order(StringComparer.Ordinal));
        Assert.Equal(
            ["2024-01-09 0/3", "2024-02-22 0/1", "2024-06-01 0/1"],
            example.Days.Select(d => $"{d.Day:yyyy-MM-dd} {d.SuccessfulSessions}/{d.FailedSessions}"));
        Assert.Equal(
            ["Example Inc. sts testing", "Mail.ru sts -", "Reporter Example sts enforce"],
            example.Policies.Select(p => $"{p.Organization} {p.PolicyType.ToRfcName()} {p.Mode?.ToWire() ?? "-"}"));

        var rfc = summary.Domains.Single(d => d.PolicyDomain == "company-y.example");
        Assert.Equal(303.0 / 5629, rfc.FailureRate, 10);
        Assert.Equal(
            ["mx2.mail.company-y.example=200", "mx1.mail.company-y.example=100", "mx-backup.mail.company-y.example=3"],
            rfc.FailuresByReceivingMx.Select(c => $"{c.Key}={c.Sessions}"));

        var google = summary.Domains.Single(d => d.PolicyDomain == "test.xmox.nl");
        var reporter = Assert.Single(google.Reporters);
        Assert.Equal(new ReporterSummary("Google Inc.", "smtp-tls-reporting@google.com", 1, 3, 0), reporter);
        Assert.Contains(summary.Notes, n => n is { Organization: "Google Inc.", Field: "policies[*].policy.mx-host", Reports: 1 });
        Assert.Contains(summary.Notes, n => n is { Organization: "Mail.ru", Field: "policies[*].failure-details[*].sending-mta-ip", Reports: 1 });
    }
}
