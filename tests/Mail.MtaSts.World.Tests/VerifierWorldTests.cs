using Mail.MtaSts.Verification;

namespace Mail.MtaSts.World.Tests;

/// <summary>
/// Every case of the local world, verified with its deployed policy as the expectation: the verifier's verdict is the
/// case's expected one, it agrees with what a real sender's resolver (<c>mta-sts-query</c>) says, and for the MX
/// cases with what the sending Postfix does through <c>mta-sts-daemon</c> (deferred 4.7.5 under enforce, sent under
/// testing).
/// </summary>
public sealed class VerifierWorldTests
{
    [Theory]
    [InlineData("enforce")]
    [InlineData("testing")]
    [InlineData("html")]
    [InlineData("redirect")]
    [InlineData("wrongname")]
    [InlineData("expired")]
    [InlineData("badtxt")]
    [InlineData("notxt")]
    [InlineData("mxbad-enforce")]
    [InlineData("mxbad-testing")]
    [InlineData("stale")]
    [InlineData("worker")]
    public async Task The_verdict_matches_the_case_and_a_real_senders_resolver(string name)
    {
        var domain = TestWorld.CaseFile(name, "domain.txt")!;
        var options = TestWorld.Options();
        options.ExpectedPolicy = TestWorld.CaseBytes(name, "expected-policy.txt");

        var report = await new Verifier(options).VerifyAsync(domain);
        var query = await TestWorld.RunAsync("query.sh", domain);

        var problems = string.Join("\n", report.Checks.Where(c => c.Status is CheckStatus.Fail or CheckStatus.Warn)
            .Select(c => $"{c.Status} {c.Id}: {c.Message}"));
        Assert.True(TestWorld.CaseFile(name, "expected-verdict.txt") == Verdict(report), $"{name}: verdict {Verdict(report)}\n{problems}");
        Assert.DoesNotContain(report.Checks, c => c.Id.EndsWith(".deadline", StringComparison.Ordinal));

        // mta-sts-query: "valid <mode> <id>", "none" (no usable record) or "fetch_error" (record, but no policy).
        var expectedQuery = report.Policy is { } policy
            ? $"valid {policy.Mode.ToString().ToLowerInvariant()} {TestWorld.CaseFile(name, "policy-id.txt")}"
            : report.Checks.Any(c => c.Id == "dns.mta-sts-record" && c.Status == CheckStatus.Fail) ? "none" : "fetch_error";
        Assert.True(expectedQuery == query, $"{name}: the verifier implies \"{expectedQuery}\", mta-sts-query says \"{query}\"\n{problems}");
    }

    [Theory]
    [InlineData("enforce")]
    [InlineData("testing")]
    [InlineData("mxbad-enforce")]
    [InlineData("mxbad-testing")]
    public async Task The_MX_verdict_matches_what_the_sending_Postfix_does(string name)
    {
        var domain = TestWorld.CaseFile(name, "domain.txt")!;
        var report = await new Verifier(TestWorld.Options()).VerifyAsync(domain);

        var sent = await TestWorld.RunAsync("send.sh", domain);

        // Senders refuse an MX exactly when the verifier fails the MX checks (RFC 8461 §5): deferred 4.7.5 under
        // enforce; under testing the same certificate problem is a warning and the mail goes through.
        var refused = report.Checks.Any(c => c.Area == CheckArea.Mx && c.Status == CheckStatus.Fail);
        if (refused)
        {
            Assert.StartsWith("deferred 4.7.5", sent);
        }
        else
        {
            Assert.Equal("sent", sent);
        }

        Assert.Equal(TestWorld.CaseFile(name, "expected-send.txt")!.Split(' ')[0], sent.Split(' ')[0]);
    }

    /// <summary>pass, warn or fail, as the world's <c>expected-verdict.txt</c> spells it.</summary>
    private static string Verdict(VerificationReport report) =>
        report.Failed ? "fail" : report.Checks.Any(c => c.Status == CheckStatus.Warn) ? "warn" : "pass";
}
