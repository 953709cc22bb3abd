namespace Mail.MtaSts.Tests.Hosting;

/// <summary>A plan that collects reports lists its endpoint, a path on the policy host, in the TLS-RPT record (RFC 8460 §3, §5.4).</summary>
public sealed class ReportCollectionPlanTests
{
    [Fact]
    public void The_endpoint_uri_follows_the_users_report_uris_in_the_record()
    {
        var plan = DeploymentPlan.Create(new PolicySettings
        {
            Domain = "Example.COM",
            Mx = ["mx1.example.com"],
            Rua = ["mailto:tlsrpt@example.com"],
            CollectReports = true,
        });

        Assert.Equal("v=TLSRPTv1; rua=mailto:tlsrpt@example.com,https://mta-sts.example.com/tlsrpt", plan.TlsRptRecord!.Value);
        Assert.Equal("https://mta-sts.example.com/tlsrpt", plan.ReportEndpoint!.Uri.ToString());
        Assert.Equal(["example.com"], plan.ReportEndpoint.ServedDomains.Select(d => d.Value));
    }

    [Fact]
    public void Collecting_reports_alone_publishes_a_record_with_the_endpoint_and_no_missing_rua_warning()
    {
        var plan = DeploymentPlan.Create(new PolicySettings { Domain = "example.com", Mx = ["mx1.example.com"], CollectReports = true });

        Assert.Equal("v=TLSRPTv1; rua=https://mta-sts.example.com/tlsrpt", plan.TlsRptRecord!.Value);
        Assert.DoesNotContain(plan.Warnings, w => w.Field == "rua");
    }

    [Fact]
    public void The_endpoint_uri_given_by_hand_as_well_is_listed_once()
    {
        var plan = DeploymentPlan.Create(new PolicySettings
        {
            Domain = "example.com",
            Mx = ["mx1.example.com"],
            Rua = ["https://MTA-STS.example.com/tlsrpt"],
            CollectReports = true,
        });

        Assert.Equal("v=TLSRPTv1; rua=https://MTA-STS.example.com/tlsrpt", plan.TlsRptRecord!.Value);
    }

    [Fact]
    public void The_endpoint_is_served_before_the_record_lists_it()
    {
        var names = DeploymentPlan.Create(new PolicySettings { Domain = "example.com", Mx = ["mx1.example.com"], CollectReports = true })
            .Steps.Select(s => s.Name).ToList();

        Assert.Equal(0, names.IndexOf("serve-report-endpoint"));
        Assert.Equal(1, names.IndexOf("publish-tlsrpt-record"));
    }

    [Fact]
    public void Without_collection_there_is_no_endpoint()
    {
        var plan = DeploymentPlan.Create(new PolicySettings { Domain = "example.com", Mx = ["mx1.example.com"], Rua = ["mailto:tlsrpt@example.com"] });

        Assert.Null(plan.ReportEndpoint);
        Assert.DoesNotContain("serve-report-endpoint", plan.Steps.Select(s => s.Name));
        Assert.Equal("v=TLSRPTv1; rua=mailto:tlsrpt@example.com", plan.TlsRptRecord!.Value);
    }
}
