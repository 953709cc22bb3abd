using static Mail.MtaSts.Components.Tests.TestDeployment;

namespace Mail.MtaSts.Components.Tests;

public sealed class OutputsTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_component_reports_what_it_publishes(bool preview)
    {
        var (component, resources) = await DeployAsync(new RecordingMocks(), Args(OnCloudflare()), preview);

        Assert.Contains(component, resources);
        Assert.Equal("https://mta-sts.example.com/.well-known/mta-sts.txt", await ValueAsync(component.PolicyUrl));
        Assert.Equal("mta-sts.example.com", await ValueAsync(component.HostName));
        Assert.Equal("v=TLSRPTv1; rua=mailto:tlsrpt@example.com", await ValueAsync(component.TlsRptRecord));
        Assert.StartsWith("version: STSv1\nmode: enforce\n", await ValueAsync(component.PolicyText));
        Assert.Matches("^v=STSv1; id=[A-Za-z0-9]{1,32}$", await ValueAsync(component.MtaStsRecord));
        Assert.Null(await ValueAsync(component.VerificationReport));
    }

    [Fact]
    public async Task The_outputs_are_registered_with_the_component()
    {
        var mocks = new RecordingMocks();

        await DeployAsync(mocks, Args(OnAws()));

        var registered = Assert.Single(mocks.RegisteredOutputs, r => r.Urn.EndsWith("mtasts:index:MtaStsDomain::corp", StringComparison.Ordinal));
        var expected = new Dictionary<string, string>
        {
            ["policyUrl"] = "https://mta-sts.example.com/.well-known/mta-sts.txt",
            ["policyId"] = ExpectedPlan.PolicyId.Value,
            ["policyText"] = ExpectedPlan.PolicyText,
            ["mtaStsRecord"] = ExpectedPlan.MtaStsRecord.Value,
            ["tlsRptRecord"] = "v=TLSRPTv1; rua=mailto:tlsrpt@example.com",
            ["hostName"] = "mta-sts.example.com",
        };
        foreach (var (key, value) in expected)
        {
            Assert.True(registered.Outputs.ContainsKey(key), key);
            Assert.Equal(value, await ValueAsync(registered.Outputs[key]));
        }
    }

    [Fact]
    public async Task A_preview_never_verifies_even_when_verification_is_on()
    {
        var args = Args(OnCloudflare());
        args.Verification.Enabled = true;

        var (component, _) = await DeployAsync(new RecordingMocks(), args, preview: true);

        Assert.Null(await ValueAsync(component.VerificationReport));
    }

    [Fact]
    public async Task Without_report_uris_there_is_no_tls_rpt_record()
    {
        var mocks = new RecordingMocks();
        var args = Args(OnCloudflare());
        args.TlsRptReportUris = [];

        var (component, _) = await DeployAsync(mocks, args);

        Assert.Null(await ValueAsync(component.TlsRptRecord));
        Assert.Equal(["_mta-sts.example.com"], mocks.OfType("cloudflare:index/dnsRecord:DnsRecord").Select(r => r.String("name")));
    }

    [Fact]
    public async Task Retiring_serves_mode_none_with_a_short_max_age_under_a_new_id()
    {
        var (active, _) = await DeployAsync(new RecordingMocks(), Args(OnAws()));
        var args = Args(OnAws());
        args.Retire = true;
        var mocks = new RecordingMocks();
        // Retiring lifts every constraint on the MX hosts: the enforce guard has nothing to check.
        var mx = new FakeMxLookup("mx-backup.example.net.");

        var (retired, _) = await DeployAsync(mocks, args, preview: false, mx);

        Assert.Equal(0, mx.Lookups);
        Assert.Equal($"version: STSv1\nmode: none\nmax_age: {DeploymentPlan.RetireMaxAge}\n", await ValueAsync(retired.PolicyText));
        Assert.NotEqual(await ValueAsync(active.PolicyId), await ValueAsync(retired.PolicyId));
        Assert.Single(mocks.OfType("aws:s3/bucketObjectv2:BucketObjectv2"));
    }
}
