namespace Mail.MtaSts.Tests;

public class DeploymentPlanTests
{
    private static PolicySettings Settings() => new()
    {
        Domain = "Example.COM.",
        Mx = ["mx1.example.com", "*.mail.protection.outlook.com"],
        Mode = PolicyMode.Testing,
        Rua = ["mailto:tlsrpt@example.com"],
    };

    [Fact]
    public void Decides_every_output_of_a_deployment()
    {
        var plan = DeploymentPlan.Create(Settings());
        Assert.Equal("example.com", plan.Domain.Value);
        Assert.Equal("mta-sts.example.com", plan.HostName);
        Assert.Equal("https://mta-sts.example.com/.well-known/mta-sts.txt", plan.PolicyUrl.ToString());
        Assert.Equal(
            "version: STSv1\nmode: testing\nmx: mx1.example.com\nmx: *.mail.protection.outlook.com\nmax_age: 604800\n",
            plan.PolicyText);
        Assert.Equal(PolicyId.ForPolicy(plan.PolicyBytes), plan.PolicyId);
        Assert.Equal(new DnsTxtRecord("_mta-sts.example.com", $"v=STSv1; id={plan.PolicyId}", 300), plan.MtaStsRecord);
        Assert.Equal("v=TLSRPTv1; rua=mailto:tlsrpt@example.com", plan.TlsRptRecord!.Value);
        Assert.Equal("_smtp._tls.example.com", plan.TlsRptRecord.Name);
        Assert.StartsWith("text/plain", plan.ContentType);
        Assert.True(Policy.Parse(plan.PolicyBytes).IsValid);
    }

    [Fact]
    public void Policy_is_served_before_its_id_is_published()
    {
        var names = DeploymentPlan.Create(Settings()).Steps.Select(s => s.Name).ToList();
        Assert.True(names.IndexOf("serve-policy") < names.IndexOf("publish-policy-record"));
        Assert.True(names.IndexOf("serve-policy-host") < names.IndexOf("serve-policy"));
    }

    [Fact]
    public void Id_changes_if_and_only_if_the_policy_changes()
    {
        var a = DeploymentPlan.Create(Settings());
        var same = DeploymentPlan.Create(Settings());
        var enforce = Settings();
        enforce.Mode = PolicyMode.Enforce;
        var otherRua = Settings();
        otherRua.Rua = ["mailto:other@example.com"];
        Assert.Equal(a.PolicyId, same.PolicyId);
        Assert.NotEqual(a.PolicyId, DeploymentPlan.Create(enforce).PolicyId);
        Assert.Equal(a.PolicyId, DeploymentPlan.Create(otherRua).PolicyId);
    }

    [Fact]
    public void Names_every_bad_field_at_once()
    {
        var e = Assert.Throws<MtaStsException>(() => DeploymentPlan.Create(new PolicySettings
        {
            Domain = "exa mple.com",
            Mx = ["mx.*.example.com"],
            MaxAge = 40_000_000,
            Rua = ["http://reports.example.com"],
        }));
        Assert.Equal(["domain", "mx[0]", "max_age", "rua[0]"], e.Diagnostics.Select(d => d.Field));
        Assert.Contains("mx.*.example.com", e.Message);
        Assert.Contains("RFC 8461 §3.2", e.Message);
        Assert.Contains("RFC 8460 §3", e.Message);
    }

    [Fact]
    public void Enforce_without_mx_is_refused()
    {
        var e = Assert.Throws<MtaStsException>(() => DeploymentPlan.Create(new PolicySettings
        {
            Domain = "example.com",
            Mode = PolicyMode.Enforce,
        }));
        Assert.Equal("mx", Assert.Single(e.Diagnostics).Field);
    }

    [Fact]
    public void Retire_serves_mode_none_with_a_new_id_and_a_wait_step()
    {
        var live = DeploymentPlan.Create(Settings());
        var retire = Settings();
        retire.Retire = true;
        var plan = DeploymentPlan.Create(retire);
        Assert.Equal(PolicyMode.None, plan.Policy.Mode);
        Assert.Equal(DeploymentPlan.RetireMaxAge, plan.Policy.MaxAge);
        Assert.NotEqual(live.PolicyId, plan.PolicyId);
        Assert.Equal("wait-previous-max-age", plan.Steps[^1].Name);
    }

    [Fact]
    public void International_domain_is_converted_to_a_labels()
    {
        var plan = DeploymentPlan.Create(new PolicySettings { Domain = "bücher.example", Mx = ["mx.bücher.example"] });
        Assert.Equal("mta-sts.xn--bcher-kva.example", plan.HostName);
        Assert.Contains("mx: mx.xn--bcher-kva.example\n", plan.PolicyText);
    }
}
