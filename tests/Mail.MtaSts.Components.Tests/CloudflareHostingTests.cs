using Mail.MtaSts.Components.Aws;
using Mail.MtaSts.Hosting;
using static Mail.MtaSts.Components.Tests.TestDeployment;

namespace Mail.MtaSts.Components.Tests;

public sealed class CloudflareHostingTests
{
    [Fact]
    public async Task Creates_a_worker_its_custom_domain_and_both_txt_records_and_nothing_on_aws()
    {
        var mocks = new RecordingMocks();

        await DeployAsync(mocks, Args(OnCloudflare()));

        var types = mocks.Registrations.GroupBy(r => r.Type).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(new Dictionary<string, int>
        {
            ["mtasts:index:MtaStsDomain"] = 1,
            ["cloudflare:index/workersScript:WorkersScript"] = 1,
            ["cloudflare:index/workersCustomDomain:WorkersCustomDomain"] = 1,
            ["cloudflare:index/dnsRecord:DnsRecord"] = 2,
        }, types);
    }

    [Fact]
    public async Task The_worker_runs_the_script_the_core_renders_for_the_plan()
    {
        var mocks = new RecordingMocks();

        await DeployAsync(mocks, Args(OnCloudflare()));

        var script = mocks.Single("cloudflare:index/workersScript:WorkersScript");
        Assert.Equal(WorkerScript.Render(ExpectedPlan), script.String("content"));
        Assert.Contains(Convert.ToBase64String(ExpectedPlan.PolicyBytes), script.String("content"));
        Assert.Equal(WorkerScript.MainModule, script.String("mainModule"));
        Assert.Equal(WorkerScript.CompatibilityDate, script.String("compatibilityDate"));
        Assert.Equal("mta-sts-example-com", script.String("scriptName"));
        var domain = mocks.Single("cloudflare:index/workersCustomDomain:WorkersCustomDomain");
        Assert.Equal("mta-sts.example.com", domain.String("hostname"));
        Assert.Equal("mta-sts-example-com", domain.String("service"));
        Assert.Equal("production", domain.String("environment"));
    }

    [Fact]
    public async Task Every_resource_names_its_account_or_zone()
    {
        var mocks = new RecordingMocks();

        await DeployAsync(mocks, Args(OnCloudflare()));

        Assert.Equal(CloudflareAccountId, mocks.Single("cloudflare:index/workersScript:WorkersScript").String("accountId"));
        var domain = mocks.Single("cloudflare:index/workersCustomDomain:WorkersCustomDomain");
        Assert.Equal(CloudflareAccountId, domain.String("accountId"));
        Assert.Equal(CloudflareZoneId, domain.String("zoneId"));
        Assert.All(mocks.OfType("cloudflare:index/dnsRecord:DnsRecord"), r => Assert.Equal(CloudflareZoneId, r.String("zoneId")));
    }

    [Fact]
    public async Task The_txt_records_are_quoted_character_strings_with_a_ttl()
    {
        var mocks = new RecordingMocks();
        var args = Args(OnCloudflare());
        // Long enough for the TLS-RPT record to need two character-strings (RFC 1035 §3.3.14).
        args.TlsRptReportUris = ["mailto:tlsrpt@example.com", $"https://reports.example.com/tlsrpt/{new string('a', 230)}"];

        await DeployAsync(mocks, args);

        var records = mocks.OfType("cloudflare:index/dnsRecord:DnsRecord").ToDictionary(r => r.String("name"));
        var policy = records["_mta-sts.example.com"];
        Assert.Equal("TXT", policy.String("type"));
        Assert.Equal($"\"{ExpectedPlan.MtaStsRecord.Value}\"", policy.String("content"));
        Assert.Equal(ExpectedPlan.MtaStsRecord.Ttl, (double)policy.Inputs["ttl"]);
        var tlsRpt = records["_smtp._tls.example.com"].String("content");
        var strings = tlsRpt.Split("\" \"");
        Assert.Equal(2, strings.Length);
        Assert.Equal(
            $"v=TLSRPTv1; rua=mailto:tlsrpt@example.com,https://reports.example.com/tlsrpt/{new string('a', 230)}",
            string.Concat(strings).Trim('"'));
    }

    [Fact]
    public async Task Dns_in_route53_is_refused_before_anything_registers()
    {
        var mocks = new RecordingMocks();
        var args = Args(OnCloudflare());
        args.Dns = new Route53Zone { ZoneId = HostedZoneId };

        var (thrown, _) = await TryDeployAsync(mocks, args, preview: true, CoveredMx());

        var error = Assert.IsType<MtaStsException>(thrown);
        Assert.Equal("Dns", Assert.Single(error.Diagnostics).Field);
        Assert.Empty(mocks.Registrations);
    }
}
