using System.Text.Json;

namespace Mail.MtaSts.Verification.Tests;

/// <summary>
/// The JSON report's shape is the documented schema <c>mta-sts-verify/1</c> (docs/verify-json.md): the same fields, in
/// the same order, with the same types, so that a change to it is a decision and not an accident.
/// </summary>
public sealed class VerificationJsonTests
{
    private static readonly string[] CheckFields = ["area", "id", "status", "section", "fix"];

    private static readonly string[] AreaAndStatus = ["area", "status"];

    [Fact]
    public void A_report_is_written_in_the_documented_schema()
    {
        var policy = Policy.Parse("version: STSv1\nmode: testing\nmx: mx1.example.com\nmx: *.mail.example.com\nmax_age: 604800\n").Value;
        var applied = new VerificationReport("example.com",
        [
            new Check(CheckArea.Dns, "dns.mta-sts-record", CheckStatus.Pass, "_mta-sts.example.com: \"v=STSv1; id=1\"", "RFC 8461 §3.1"),
            new Check(CheckArea.Mx, "mx.enforce-ready", CheckStatus.Warn, "not ready for enforce: senders would refuse mx1.example.com (no STARTTLS) of example.com",
                "RFC 8461 §4.2", "Fix those MX hosts before setting mode enforce"),
        ], policy);
        var none = new VerificationReport("example.org",
            [new Check(CheckArea.TlsRpt, "tlsrpt.record", CheckStatus.Fail, "the lookup of _smtp._tls.example.org failed", "RFC 8460 §3", "Make the domain's DNS servers answer")], null);

        var text = VerificationJson.Serialize([applied, none]);

        using var json = JsonDocument.Parse(text);
        var root = json.RootElement;
        Assert.Equal(["schema", "failed", "domains"], Names(root));
        Assert.Equal("mta-sts-verify/1", root.GetProperty("schema").GetString());
        Assert.True(root.GetProperty("failed").GetBoolean());
        var domains = root.GetProperty("domains").EnumerateArray().ToList();
        Assert.All(domains, d => Assert.Equal(["domain", "failed", "policy", "checks"], Names(d)));
        Assert.Equal(["example.com", "example.org"], domains.Select(d => d.GetProperty("domain").GetString()));
        Assert.Equal([false, true], domains.Select(d => d.GetProperty("failed").GetBoolean()));

        var written = domains[0].GetProperty("policy");
        Assert.Equal(["mode", "max_age", "mx"], Names(written));
        Assert.Equal("testing", written.GetProperty("mode").GetString());
        Assert.Equal(604800, written.GetProperty("max_age").GetInt64());
        Assert.Equal(["mx1.example.com", "*.mail.example.com"], written.GetProperty("mx").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal(JsonValueKind.Null, domains[1].GetProperty("policy").ValueKind);

        var check = domains[0].GetProperty("checks")[1];
        Assert.Equal(["area", "id", "status", "message", "section", "fix"], Names(check));
        Assert.Equal(["mx", "mx.enforce-ready", "warn", "RFC 8461 §4.2", "Fix those MX hosts before setting mode enforce"],
            CheckFields.Select(n => check.GetProperty(n).GetString()));
        Assert.Equal("", domains[0].GetProperty("checks")[0].GetProperty("fix").GetString());
        Assert.Equal(["tlsrpt", "fail"], AreaAndStatus.Select(n => domains[1].GetProperty("checks")[0].GetProperty(n).GetString()));
        // Text as itself, for people and grep; JSON's own escapes only where JSON requires them.
        Assert.Contains("\"section\": \"RFC 8461 §3.1\"", text);
        Assert.Contains("\"message\": \"_mta-sts.example.com: \\\"v=STSv1; id=1\\\"\"", text);
    }

    private static List<string> Names(JsonElement element) => [.. element.EnumerateObject().Select(p => p.Name)];
}
