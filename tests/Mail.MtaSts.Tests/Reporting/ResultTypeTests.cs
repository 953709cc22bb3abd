using System.Text.Json.Nodes;
using Mail.MtaSts.Reporting;

namespace Mail.MtaSts.Tests.Reporting;

/// <summary>A synthetic set with one failure of every result type of RFC 8460 §4.3.</summary>
public class ResultTypeTests
{
    private static readonly string[] RfcNames =
    [
        // §4.3.1 negotiation failures (validation-failure is also §4.3.3's general category)
        "starttls-not-supported", "certificate-host-mismatch", "certificate-expired", "certificate-not-trusted", "validation-failure",
        // §4.3.2.1 DANE
        "tlsa-invalid", "dnssec-invalid", "dane-required",
        // §4.3.2.2 MTA-STS
        "sts-policy-fetch-error", "sts-policy-invalid", "sts-webpki-invalid",
    ];

    [Fact]
    public void Every_result_type_of_section_4_3_is_defined_with_its_rfc_name()
    {
        Assert.Equal(RfcNames, ResultTypeNames.Defined.Select(t => t.ToRfcName()));
        Assert.All(RfcNames, name => Assert.NotEqual(ResultType.Other, ResultTypeNames.Parse(name)));
    }

    [Fact]
    public void A_report_with_every_result_type_is_read_and_counted_per_type()
    {
        // Counts 1, 2, 3, ... so that each type's total is distinguishable from every other.
        var failures = RfcNames.Select((name, i) => (name, (long)(i + 1), $"198.51.100.{i + 1}", $"mx{i % 2 + 1}.example.com")).ToArray();
        var json = SyntheticReports.Json(SyntheticReports.Report(failures: failures));

        var report = TlsReportParser.Parse(json, "every-type.json");

        Assert.Empty(report.Notes);
        var details = Assert.Single(report.Policies).FailureDetails;
        Assert.Equal(ResultTypeNames.Defined, details.Select(d => d.ResultType));
        var summary = new ReportSummary();
        summary.Add(report);
        var domain = Assert.Single(summary.Domains);
        Assert.Equal(66, domain.FailedSessions);
        Assert.Equal(RfcNames.Reverse(), domain.FailuresByResultType.Select(c => c.Key));
        Assert.Equal(Enumerable.Range(1, 11).Reverse().Select(i => (long)i), domain.FailuresByResultType.Select(c => c.Sessions));
        Assert.Equal(["mx1.example.com=36", "mx2.example.com=30"], domain.FailuresByReceivingMx.Select(c => $"{c.Key}={c.Sessions}"));
        Assert.Equal(11, domain.FailuresBySendingIp.Count);
    }

    [Fact]
    public void An_unregistered_result_type_is_kept_under_its_name_with_a_note()
    {
        var json = SyntheticReports.Json(SyntheticReports.Report(failures: [("tls-version-too-old", 4, "198.51.100.1", "mx1.example.com")]));

        var report = TlsReportParser.Parse(json, "new-type.json");

        var detail = Assert.Single(Assert.Single(report.Policies).FailureDetails);
        Assert.Equal(ResultType.Other, detail.ResultType);
        Assert.Equal("tls-version-too-old", detail.ResultTypeName);
        var note = Assert.Single(report.Notes);
        Assert.Equal(("policies[0].failure-details[0].result-type", "RFC 8460 §4.3"), (note.Field, note.Section));
    }

    [Fact]
    public void Result_and_policy_type_names_in_another_case_are_read_with_a_note()
    {
        // The registered names are lower-case (RFC 8460 §4.3, §4.4, §6.6) and JSON strings compare exactly: understood, but a deviation.
        var report = SyntheticReports.Report(failures: [("x", 1, "198.51.100.1", "mx1.example.com")]);
        report["policies"]![0]!["failure-details"]![0]!["result-type"] = JsonValue.Create("Certificate-Expired");
        report["policies"]![0]!["policy"]!["policy-type"] = JsonValue.Create("STS");

        var parsed = TlsReportParser.Parse(SyntheticReports.Json(report), "case.json");

        Assert.Equal(ResultType.CertificateExpired, parsed.Policies[0].FailureDetails[0].ResultType);
        Assert.Equal("certificate-expired", parsed.Policies[0].FailureDetails[0].ResultTypeName);
        Assert.Equal(PolicyType.Sts, parsed.Policies[0].Policy.PolicyType);
        Assert.Equal(
            ["policies[0].policy.policy-type STS RFC 8460 §4.4", "policies[0].failure-details[0].result-type Certificate-Expired RFC 8460 §4.3"],
            parsed.Notes.Select(n => $"{n.Field} {n.Value} {n.Section}"));
    }
}
