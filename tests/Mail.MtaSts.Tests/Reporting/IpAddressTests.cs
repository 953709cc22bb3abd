using System.Text.Json.Nodes;
using Mail.MtaSts.Reporting;

namespace Mail.MtaSts.Tests.Reporting;

/// <summary>
/// <c>sending-mta-ip</c> and <c>receiving-ip</c> are read in RFC 5952's canonical form, so one address written two ways is
/// counted as one; a value that is no address is kept as sent, with a note.
/// </summary>
public class IpAddressTests
{
    [Theory]
    // RFC 5952 §4.1 leading zeros dropped, §4.2.1 the longest run of zero fields shortened, §4.3 lower case.
    [InlineData("2001:0db8:0:0::1", "2001:db8::1")]
    [InlineData("2001:DB8::1", "2001:db8::1")]
    [InlineData("2001:db8:abcd:0012::1", "2001:db8:abcd:12::1")]
    [InlineData("2001:0db8:0000:0000:0000:0000:0000:0001", "2001:db8::1")]
    // §4.2.2 one zero field alone is not shortened; §4.2.3 the first of two equal runs is.
    [InlineData("2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1")]
    [InlineData("2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1")]
    // §5 an IPv4-mapped address ends in dotted decimal.
    [InlineData("::FFFF:C633:643E", "::ffff:198.51.100.62")]
    [InlineData("0:0:0:0:0:ffff:198.51.100.62", "::ffff:198.51.100.62")]
    [InlineData("198.51.100.62", "198.51.100.62")]
    public void An_address_is_read_in_its_canonical_form_without_a_note(string sent, string canonical)
    {
        var report = Report(sent);

        var parsed = TlsReportParser.Parse(SyntheticReports.Json(report), "ip.json");

        var detail = Assert.Single(parsed.Policies[0].FailureDetails);
        Assert.Equal((canonical, canonical), (detail.SendingMtaIp, detail.ReceivingIp));
        Assert.Empty(parsed.Notes);
    }

    [Theory]
    [InlineData("mta1.sender.example")]
    [InlineData("198.51.100.062")]
    [InlineData("3325256766")]
    [InlineData("2001:db8::1%eth0")]
    [InlineData("[2001:db8::1]")]
    [InlineData("2001:db8::/32")]
    public void A_value_that_is_no_address_is_kept_as_sent_with_a_note(string sent)
    {
        var parsed = TlsReportParser.Parse(SyntheticReports.Json(Report(sent)), "ip.json");

        var detail = Assert.Single(parsed.Policies[0].FailureDetails);
        Assert.Equal((sent, sent), (detail.SendingMtaIp, detail.ReceivingIp));
        Assert.Equal(
            ["policies[0].failure-details[0].sending-mta-ip", "policies[0].failure-details[0].receiving-ip"],
            parsed.Notes.Select(n => n.Field));
        Assert.All(parsed.Notes, n => Assert.Equal((sent, "RFC 8460 §4.4"), (n.Value, n.Section)));
    }

    [Fact]
    public void One_sending_ip_written_two_ways_is_counted_as_one()
    {
        // The RFC 8460 example report, delivered again by a second reporter who writes the same addresses another way.
        var text = File.ReadAllText(CorpusFile.Path("parsedmarc-rfc8460.json"));
        var again = JsonNode.Parse(text)!;
        again["organization-name"] = "Company-Z";
        foreach (var detail in again["policies"]![0]!["failure-details"]!.AsArray())
        {
            var ip = detail!["sending-mta-ip"]!.GetValue<string>();
            detail["sending-mta-ip"] = ip.Contains(':') ? ip.ToUpperInvariant().Replace("::", ":0:0:0:") : ip;
        }

        var summary = new ReportSummary();
        summary.Add(TlsReportParser.Parse(text, "rfc8460.json"));
        summary.Add(TlsReportParser.Parse(SyntheticReports.Json(again), "again.json"));

        Assert.Equal(
            ["2001:db8:abcd:13::1=400", "2001:db8:abcd:12::1=200", "198.51.100.62=6"],
            Assert.Single(summary.Domains).FailuresBySendingIp.Select(c => $"{c.Key}={c.Sessions}"));
    }

    private static JsonObject Report(string ip)
    {
        var report = SyntheticReports.Report(failures: [("certificate-expired", 2, ip, "mx1.example.com")]);
        report["policies"]![0]!["failure-details"]![0]!["receiving-ip"] = ip;
        return report;
    }
}
