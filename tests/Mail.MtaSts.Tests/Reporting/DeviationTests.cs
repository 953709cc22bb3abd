using System.Text.Json.Nodes;
using Mail.MtaSts.Reporting;

namespace Mail.MtaSts.Tests.Reporting;

/// <summary>What real reporters get wrong is accepted with a note; what cannot be understood is refused, naming the field.</summary>
public class DeviationTests
{
    [Fact]
    public void Microsoft_sts_report_without_policy_string_and_sending_ip_is_read_with_notes()
    {
        var report = TlsReportParser.Parse(SyntheticReports.MicrosoftSts, "microsoft.json");

        var summary = Assert.Single(report.Policies);
        Assert.Empty(summary.Policy.PolicyString);
        Assert.Null(summary.FailureDetails[0].SendingMtaIp);
        Assert.Equal(3, summary.TotalFailureSessionCount);
        Assert.Equal(
            ["policies[0].policy.policy-string", "policies[0].failure-details[0].sending-mta-ip"],
            report.Notes.Select(n => n.Field));
    }

    [Fact]
    public void Microsoft_tlsa_strings_encoded_twice_are_decoded_with_a_note()
    {
        var report = TlsReportParser.Parse(SyntheticReports.MicrosoftTlsa, "microsoft-tlsa.json");

        var policy = report.Policies[0].Policy;
        Assert.Equal(PolicyType.Tlsa, policy.PolicyType);
        Assert.Equal(
            ["3 1 1 0C72AC70B745AC19998811B131D662C9AC69DBDBE7CB23E5B514B56664C5D3D6", "3 1 1 A9CDB1C1A3A7D6D68A6DB5A6A3B5D2C1E7F3A9C1B2D3E4F5A6B7C8D9E0F1A2B3"],
            policy.PolicyString);
        Assert.Equal(2, report.Notes.Count(n => n.Field == "policies[0].policy.policy-string"));
        Assert.Equal(ResultType.TlsaInvalid, report.Policies[0].FailureDetails[0].ResultType);
    }

    [Fact]
    public void Single_mx_host_string_as_in_the_rfc_gives_no_note_but_an_array_does()
    {
        var report = SyntheticReports.Report();
        Assert.Empty(TlsReportParser.Parse(SyntheticReports.Json(report), "a.json").Notes);

        report["policies"]![0]!["policy"]!["mx-host"] = new JsonArray("mx1.example.com", "mx2.example.com");
        var google = TlsReportParser.Parse(SyntheticReports.Json(report), "b.json");

        Assert.Equal(["mx1.example.com", "mx2.example.com"], google.Policies[0].Policy.MxHost);
        Assert.Equal("policies[0].policy.mx-host", Assert.Single(google.Notes).Field);
    }

    [Fact]
    public void Counts_sent_as_strings_and_a_byte_order_mark_are_accepted_with_notes()
    {
        var report = SyntheticReports.Report(successful: 7);
        report["policies"]![0]!["summary"]!["total-successful-session-count"] = "7";
        var bytes = (byte[])[0xEF, 0xBB, 0xBF, .. SyntheticReports.Json(report)];

        var parsed = TlsReportParser.Parse(bytes, "bom.json");

        Assert.Equal(7, parsed.Policies[0].TotalSuccessfulSessionCount);
        Assert.Equal(["(document)", "policies[0].summary.total-successful-session-count"], parsed.Notes.Select(n => n.Field));
    }

    [Fact]
    public void Date_times_without_an_offset_are_read_as_utc_with_a_note()
    {
        var report = SyntheticReports.Report(day: "2026-11-02");
        report["date-range"]!["start-datetime"] = "2026-11-02T00:00:00";
        report["date-range"]!["end-datetime"] = "2026-11-02T23:59:59";

        var parsed = TlsReportParser.Parse(SyntheticReports.Json(report), "no-zone.json");

        Assert.Equal(new DateTimeOffset(2026, 11, 2, 0, 0, 0, TimeSpan.Zero), parsed.DateRange.Start);
        Assert.Equal(new DateOnly(2026, 11, 2), parsed.DateRange.Day);
        Assert.Equal(["date-range.start-datetime", "date-range.end-datetime"], parsed.Notes.Select(n => n.Field));
    }

    [Fact]
    public void A_date_without_a_time_is_read_as_the_start_of_its_utc_day_with_a_note()
    {
        // Without the note the reader took the machine's zone: in Asia/Tokyo this report landed on 2026-11-01.
        var report = SyntheticReports.Report();
        report["date-range"]!["start-datetime"] = "2026-11-02";

        var parsed = TlsReportParser.Parse(SyntheticReports.Json(report), "date-only.json");

        Assert.Equal((new DateTimeOffset(2026, 11, 2, 0, 0, 0, TimeSpan.Zero), TimeSpan.Zero), (parsed.DateRange.Start, parsed.DateRange.Start.Offset));
        Assert.Equal(new DateOnly(2026, 11, 2), parsed.DateRange.Day);
        var note = Assert.Single(parsed.Notes);
        Assert.Equal(("date-range.start-datetime", "2026-11-02"), (note.Field, note.Value));
    }

    [Fact]
    public void Date_times_with_an_offset_count_under_their_utc_day()
    {
        var report = SyntheticReports.Report();
        report["date-range"]!["start-datetime"] = "2026-11-02T01:00:00+02:00";

        var parsed = TlsReportParser.Parse(SyntheticReports.Json(report), "offset.json");

        Assert.Equal(new DateOnly(2026, 11, 1), parsed.DateRange.Day);
        Assert.Empty(parsed.Notes);
    }

    [Theory]
    // RFC 3339 §5.6 date-times, including what its NOTE allows (lower-case t and z, a space for T): no note.
    [InlineData("2026-11-02T00:00:00Z", "2026-11-02T00:00:00+00:00", false)]
    [InlineData("2026-11-02t00:00:00z", "2026-11-02T00:00:00+00:00", false)]
    [InlineData("2026-11-02 00:00:00Z", "2026-11-02T00:00:00+00:00", false)]
    [InlineData("2026-11-02T00:00:00.250-00:00", "2026-11-02T00:00:00+00:00", false)]
    [InlineData("2026-11-02T02:00:00+02:00", "2026-11-02T00:00:00+00:00", false)]
    // Understood, but not RFC 3339: read, with a note naming the rule.
    [InlineData("2026-11-02T00:00Z", "2026-11-02T00:00:00+00:00", true)]
    [InlineData("2026-11-02T00:00:00+0000", "2026-11-02T00:00:00+00:00", true)]
    [InlineData("2026/11/02 00:00:00 +00:00", "2026-11-02T00:00:00+00:00", true)]
    [InlineData("Mon, 02 Nov 2026 00:00:00 +0000", "2026-11-02T00:00:00+00:00", true)]
    public void Date_times_that_are_not_rfc_3339_are_read_with_a_note(string sent, string instant, bool noted)
    {
        var report = SyntheticReports.Report();
        report["date-range"]!["start-datetime"] = sent;

        var parsed = TlsReportParser.Parse(SyntheticReports.Json(report), "dates.json");

        Assert.Equal(DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture), parsed.DateRange.Start.AddTicks(-(parsed.DateRange.Start.Ticks % TimeSpan.TicksPerSecond)));
        Assert.Equal(noted ? ["date-range.start-datetime " + sent] : [], parsed.Notes.Select(n => $"{n.Field} {n.Value}"));
        Assert.All(parsed.Notes, n => Assert.Contains("RFC 3339", n.Rule));
    }

    [Fact]
    public void A_policy_domain_in_u_labels_is_read_as_its_a_labels_with_a_note()
    {
        // RFC 8460 §4.4: an internationalized policy-domain MUST be A-labels; read as sent it would be counted apart from
        // the same domain sent right, and --domain (which takes the A-label) would not find it.
        var report = SyntheticReports.Report(domain: "Bücher.example");

        var parsed = TlsReportParser.Parse(SyntheticReports.Json(report), "idn.json");

        Assert.Equal("xn--bcher-kva.example", parsed.Policies[0].Policy.PolicyDomain);
        var note = Assert.Single(parsed.Notes);
        Assert.Equal(("policies[0].policy.policy-domain", "Bücher.example", "RFC 8460 §4.4"), (note.Field, note.Value, note.Section));
        Assert.Contains("A-label", note.Rule);
    }

    [Fact]
    public void Failure_details_that_do_not_add_up_to_the_total_are_noted_and_the_total_is_kept()
    {
        var report = SyntheticReports.Report(failures: [("certificate-expired", 5, "198.51.100.1", "mx1.example.com")]);
        report["policies"]![0]!["summary"]!["total-failure-session-count"] = 9;

        var parsed = TlsReportParser.Parse(SyntheticReports.Json(report), "sum.json");

        Assert.Equal(9, parsed.Policies[0].TotalFailureSessionCount);
        var note = Assert.Single(parsed.Notes);
        Assert.Equal(("policies[0].failure-details", "5 failed sessions detailed, 9 in the summary", "RFC 8460 §4.2"), (note.Field, note.Value, note.Section));
    }

    public static TheoryData<string, string, string> Refusals => new()
    {
        // what is broken, field named, value named
        { """{"date-range":{"start-datetime":"2026-11-02T00:00:00Z","end-datetime":"2026-11-02T23:59:59Z"}}""", "policies", "(missing)" },
        { """{"policies":[]}""", "date-range", "(missing)" },
        { """{"date-range":{"start-datetime":"yesterday","end-datetime":"2026-11-02T23:59:59Z"},"policies":[]}""", "date-range.start-datetime", "yesterday" },
        {
            """{"date-range":{"start-datetime":"2026-11-02T00:00:00Z","end-datetime":"2026-11-02T23:59:59Z"},"policies":[{"policy":{"policy-type":"smtp"},"summary":{}}]}""",
            "policies[0].policy.policy-type", "smtp"
        },
        {
            """{"date-range":{"start-datetime":"2026-11-02T00:00:00Z","end-datetime":"2026-11-02T23:59:59Z"},"policies":[{"policy":{"policy-type":"sts"},"summary":{"total-successful-session-count":-1,"total-failure-session-count":0}}]}""",
            "policies[0].summary.total-successful-session-count", "-1"
        },
        {
            """{"date-range":{"start-datetime":"2026-11-02T00:00:00Z","end-datetime":"2026-11-02T23:59:59Z"},"policies":[{"policy":{"policy-type":"sts"},"summary":{"total-successful-session-count":1,"total-failure-session-count":1},"failure-details":[{"failed-session-count":1}]}]}""",
            "policies[0].failure-details[0].result-type", "(missing)"
        },
        {
            // Two counts of 2^63 - 1 overflowed the sum of the details and escaped as an OverflowException.
            """{"date-range":{"start-datetime":"2026-11-02T00:00:00Z","end-datetime":"2026-11-02T23:59:59Z"},"policies":[{"policy":{"policy-type":"sts"},"summary":{"total-successful-session-count":1,"total-failure-session-count":1},"failure-details":[{"result-type":"certificate-expired","failed-session-count":9223372036854775807},{"result-type":"certificate-expired","failed-session-count":9223372036854775807}]}]}""",
            "policies[0].failure-details[0].failed-session-count", "9223372036854775807"
        },
        {
            // A lone surrogate cannot be read as text; it escaped as an InvalidOperationException and stopped the batch.
            """{"organization-name":"Sender\ud800","date-range":{"start-datetime":"2026-11-02T00:00:00Z","end-datetime":"2026-11-02T23:59:59Z"},"policies":[]}""",
            "organization-name", "\"Sender\\ud800\""
        },
        {
            """{"date-range":{"start-datetime":"2026-11-02T00:00:00Z","end-datetime":"2026-11-02T23:59:59Z"},"policies":[{"policy":{"policy-type":"sts","mx-host":"\udc00mx.example.com"},"summary":{}}]}""",
            "policies[0].policy.mx-host", "\"\\udc00mx.example.com\""
        },
        { """{"organization-name": "x", """, "(document)", "line 1, byte 28" },
        { "[]", "(document)", "[]" },
    };

    [Fact]
    public void Bytes_that_are_not_utf8_are_refused_naming_the_field_and_reading_goes_on()
    {
        var json = SyntheticReports.Json(SyntheticReports.Report(organization: "Sender Zeta"));
        var at = json.AsSpan().IndexOf("Zeta"u8);
        json[at] = 0xC3;
        json[at + 1] = 0x28;

        var result = Assert.Single(TlsReportReader.Read(new MemoryStream(json), "latin.json"));

        Assert.Null(result.Report);
        Assert.Equal(("organization-name", "RFC 8460 §4.4"), (result.Error!.Diagnostic.Field, result.Error.Diagnostic.Section));
        Assert.Contains("RFC 8259 §8.1", result.Error.Message);
    }

    [Fact]
    public void A_misshapen_member_holding_bytes_that_are_not_utf8_is_refused_naming_it()
    {
        var json = "{\"date-range\":{\"start-datetime\":\"2026-11-02T00:00:00Z\",\"end-datetime\":\"2026-11-02T23:59:59Z\"},\"policies\":{\"sts\":\"Zeta\"}}"u8.ToArray();
        var at = json.AsSpan().IndexOf("Zeta"u8);
        json[at] = 0xC3;
        json[at + 1] = 0x28;

        var error = Assert.Throws<TlsReportFormatException>(() => TlsReportParser.Parse(json, "latin.json"));

        Assert.Equal(("policies", "{\"sts\":\"\uFFFD(ta\"}"), (error.Diagnostic.Field, error.Diagnostic.Value));
    }

    [Theory]
    [MemberData(nameof(Refusals))]
    public void What_cannot_be_understood_is_refused_naming_the_file_and_the_field(string json, string field, string value)
    {
        var error = Assert.Throws<TlsReportFormatException>(() => TlsReportParser.Parse(json, "reports/broken.json"));

        Assert.Equal("reports/broken.json", error.ReportSource);
        Assert.Equal((field, value, Severity.Error), (error.Diagnostic.Field, error.Diagnostic.Value, error.Diagnostic.Severity));
        Assert.StartsWith($"reports/broken.json: {field} ", error.Message);
        Assert.Contains("(RFC 8460 §4.4)", error.Message);
    }
}
