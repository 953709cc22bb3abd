namespace Mail.MtaSts.Tests;

public sealed class MxCoverageTests
{
    private static DeploymentPlan Plan(PolicyMode mode, bool retire = false) => DeploymentPlan.Create(new PolicySettings
    {
        Domain = "example.com",
        Mx = ["mx1.example.com", "*.mail.protection.outlook.com"],
        Mode = mode,
        Retire = retire,
    });

    [Fact]
    public void Covered_hosts_give_no_diagnostic()
    {
        var live = new[] { "mx1.example.com.", "example-com.mail.protection.outlook.com" };

        Assert.Empty(MxCoverage.Check(Plan(PolicyMode.Enforce), live, allowUncovered: false));
    }

    [Fact]
    public void An_uncovered_host_in_enforce_mode_is_an_error_naming_host_and_patterns()
    {
        // *.mail.protection.outlook.com covers exactly one left-most label (RFC 8461 §4.1).
        var live = new[] { "mx1.example.com", "a.b.mail.protection.outlook.com.", "mx2.example.com" };

        var diagnostics = MxCoverage.Check(Plan(PolicyMode.Enforce), live, allowUncovered: false);

        Assert.Equal(["a.b.mail.protection.outlook.com", "mx2.example.com"], diagnostics.Select(d => d.Value));
        Assert.All(diagnostics, d =>
        {
            Assert.Equal(Severity.Error, d.Severity);
            Assert.Equal("RFC 8461 §4.1", d.Section);
            Assert.Contains("mx1.example.com, *.mail.protection.outlook.com", d.Rule);
        });
    }

    [Fact]
    public void The_opt_out_turns_the_error_into_a_warning()
    {
        var diagnostics = MxCoverage.Check(Plan(PolicyMode.Enforce), ["mx2.example.com"], allowUncovered: true);

        Assert.Equal(Severity.Warning, Assert.Single(diagnostics).Severity);
    }

    [Fact]
    public void Testing_mode_only_warns()
    {
        var diagnostics = MxCoverage.Check(Plan(PolicyMode.Testing), ["mx2.example.com"], allowUncovered: false);

        Assert.Equal(Severity.Warning, Assert.Single(diagnostics).Severity);
    }

    [Fact]
    public void A_retired_policy_constrains_nothing()
    {
        Assert.Empty(MxCoverage.Check(Plan(PolicyMode.Enforce, retire: true), ["elsewhere.example.net"], allowUncovered: false));
    }

    [Theory]
    [InlineData("mx1.example.com", "mx1.example.com")]
    [InlineData("MX1.Example.COM.", "mx1.example.com")]
    [InlineData("eu.mail.protection.outlook.com", "*.mail.protection.outlook.com")]
    [InlineData("a.b.mail.protection.outlook.com", null)]
    [InlineData("mail.protection.outlook.com", null)]
    public void The_covering_pattern_is_the_one_the_coverage_check_accepts(string host, string? pattern)
    {
        // The verifier names the covering pattern; the enforce guard asks which hosts none covers: one rule (RFC 8461 §4.1).
        var plan = Plan(PolicyMode.Enforce);

        Assert.Equal(pattern, plan.Policy.Covering(host)?.Value);
        Assert.Equal(pattern is null, MxCoverage.Check(plan, [host], allowUncovered: false).Count == 1);
    }

    [Fact]
    public void Mode_none_constrains_no_MX_host()
    {
        Assert.False(Plan(PolicyMode.None, retire: true).Policy.ConstrainsMx);
        Assert.True(Plan(PolicyMode.Testing).Policy.ConstrainsMx);
        Assert.Empty(Plan(PolicyMode.None, retire: true).Policy.Uncovered(["mx9.example.net"]));
    }
}
