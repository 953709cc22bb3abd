using System.Collections;
using System.Collections.Immutable;
using Mail.MtaSts.Components.Aws;
using Mail.MtaSts.Components.Cloudflare;
using Mail.MtaSts.Components.Tests;
using Pulumi;
using Pulumi.Experimental;
using Pulumi.Experimental.Provider;
using Pulumi.Testing;

namespace Mail.MtaSts.Provider.Tests;

/// <summary>
/// The provider's <c>Construct</c>, driven through the provider interface as the engine drives it for a TypeScript,
/// Python, Go or YAML program, under a mock engine: it registers exactly what the C# constructor registers for the
/// same settings, and returns the component's outputs.
/// </summary>
public sealed class ConstructTests
{
    private const string Domain = "example.com";
    private const string CloudflareAccountId = "023e105f4ecef8ad9ca31a8372d0c353";
    private const string CloudflareZoneId = "2d4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c";
    private const string HostedZoneId = "Z0123456789ABCDEFGHIJ";

    private static readonly string[] Mx = ["mx1.example.com", "*.mail.protection.outlook.com"];
    private static readonly string[] Rua = ["mailto:tlsrpt@example.com"];

    [Fact]
    public async Task Construct_on_cloudflare_registers_what_the_csharp_component_registers()
    {
        var inputs = Inputs(("cloudflare", Nested(("accountId", new(CloudflareAccountId)), ("zoneId", new(CloudflareZoneId)))));
        var csharp = CSharpArgs(new CloudflareHosting { AccountId = CloudflareAccountId, ZoneId = CloudflareZoneId });

        var (viaProvider, _) = await ConstructAsync(inputs);
        var viaCSharp = await ConstructInCSharpAsync(csharp);

        Assert.Equal(Shape(viaCSharp), Shape(viaProvider));
        Assert.Contains(viaProvider.Registrations, r => r.Type == "cloudflare:index/workersScript:WorkersScript");
    }

    [Fact]
    public async Task Construct_on_aws_with_cloudflare_dns_and_collected_reports_registers_what_the_csharp_component_registers()
    {
        var inputs = Inputs(
            ("aws", Nested(("reportBurst", new(40)))),
            ("dns", Nested(("cloudflareZoneId", new(CloudflareZoneId)))),
            ("collectTlsReports", new(true)));
        var csharp = CSharpArgs(new AwsHosting { ReportBurst = 40 });
        csharp.Dns = new CloudflareZone { ZoneId = CloudflareZoneId };
        csharp.CollectTlsReports = true;

        var (viaProvider, _) = await ConstructAsync(inputs);
        var viaCSharp = await ConstructInCSharpAsync(csharp);

        Assert.Equal(Shape(viaCSharp), Shape(viaProvider));
        Assert.Contains(viaProvider.Registrations, r => r.Type == "aws:cloudfront/distribution:Distribution");
        Assert.Contains(viaProvider.Registrations, r => r.Type == "cloudflare:index/dnsRecord:DnsRecord");
    }

    [Fact]
    public async Task Construct_returns_the_outputs_of_the_plan()
    {
        var inputs = Inputs(("aws", Nested(("hostedZoneId", new(HostedZoneId)))));
        var plan = DeploymentPlan.Create(new PolicySettings { Domain = Domain, Mx = Mx, Mode = PolicyMode.Enforce, Rua = Rua });

        var (_, response) = await ConstructAsync(inputs);

        Assert.Equal(plan.PolicyId.Value, Text(response.Outputs["policyId"]));
        Assert.Equal(plan.PolicyText, Text(response.Outputs["policyText"]));
        Assert.Equal(plan.MtaStsRecord.Value, Text(response.Outputs["mtaStsRecord"]));
        Assert.Equal(plan.TlsRptRecord!.Value, Text(response.Outputs["tlsRptRecord"]));
        Assert.Equal("https://mta-sts.example.com/.well-known/mta-sts.txt", Text(response.Outputs["policyUrl"]));
        Assert.Equal("mta-sts.example.com", Text(response.Outputs["hostName"]));
    }

    [Fact]
    public async Task Construct_with_bad_settings_fails_naming_them_and_registers_nothing_of_the_component()
    {
        var inputs = Inputs(("aws", Nested(("hostedZoneId", new(HostedZoneId))))).SetItem("mode", new("Enforce"));

        var mocks = new RecordingMocks();
        Exception? thrown = null;
        await Deployment.TestAsync(mocks, Preview, async () =>
        {
            thrown = await Record.ExceptionAsync(() => NewProvider().Construct(Request(inputs), CancellationToken.None));
        });

        // The component is made by reflection: its exception arrives wrapped.
        var error = Assert.IsType<MtaStsException>(thrown?.InnerException ?? thrown);
        Assert.Contains(error.Diagnostics, d => d.Field == "mode" && d.Value == "Enforce");
        Assert.Empty(mocks.Registrations);
    }

    private static readonly TestOptions Preview = new() { ProjectName = "mail", StackName = "prod", IsPreview = true };

    private static ComponentProvider NewProvider() => new(typeof(MtaStsDomain).Assembly, SchemaTests.Served);

    private static ConstructRequest Request(ImmutableDictionary<string, PropertyValue> inputs) =>
        new(Components.MtaStsDomain.TypeToken, "corp", inputs, new ComponentResourceOptions());

    /// <summary>The policy every case deploys, as a YAML or TypeScript program passes it, plus the hosting.</summary>
    private static ImmutableDictionary<string, PropertyValue> Inputs(params (string Key, PropertyValue Value)[] hosting) =>
        Object(
            [
                ("domain", new(Domain)),
                ("mxHosts", new([.. Mx.Select(m => new PropertyValue(m))])),
                ("mode", new("enforce")),
                ("tlsRptReportUris", new([.. Rua.Select(r => new PropertyValue(r))])),
                // The post-deploy verification reaches the real domain; under mocks there is nothing live to verify.
                ("verification", new(Object(("enabled", new(false))))),
                .. hosting,
            ]);

    private static Components.MtaStsDomainArgs CSharpArgs(Components.PolicyHosting hosting) => new()
    {
        Domain = Domain,
        MxHosts = [.. Mx],
        Mode = PolicyMode.Enforce,
        TlsRptReportUris = [.. Rua],
        Hosting = hosting,
        Verification = { Enabled = false },
    };

    private static ImmutableDictionary<string, PropertyValue> Object(params (string Key, PropertyValue Value)[] fields) =>
        fields.ToImmutableDictionary(f => f.Key, f => f.Value);

    private static PropertyValue Nested(params (string Key, PropertyValue Value)[] fields) => new(Object(fields));

    private static async Task<(RecordingMocks Mocks, ConstructResponse Response)> ConstructAsync(ImmutableDictionary<string, PropertyValue> inputs)
    {
        var mocks = new RecordingMocks();
        ConstructResponse? response = null;
        await Deployment.TestAsync(mocks, Preview, async () =>
        {
            response = await NewProvider().Construct(Request(inputs), CancellationToken.None);
        });
        return (mocks, response!);
    }

    private static async Task<RecordingMocks> ConstructInCSharpAsync(Components.MtaStsDomainArgs args)
    {
        var mocks = new RecordingMocks();
        await Deployment.TestAsync(mocks, Preview, () => { _ = new Components.MtaStsDomain("corp", args); });
        return mocks;
    }

    /// <summary>Every registration as type, name, provider and inputs, in a stable order and a comparable text.</summary>
    private static string[] Shape(RecordingMocks mocks) =>
        [.. mocks.Registrations
            .Select(r => $"{r.Type} {r.Name} {r.Provider} {Canonical(r.Inputs)}")
            .Order(StringComparer.Ordinal)];

    private static string Canonical(object? value) => value switch
    {
        null => "null",
        string text => $"\"{text}\"",
        IDictionary map => "{" + string.Join(",", map.Keys.Cast<object>().Select(k => (string)k).Order(StringComparer.Ordinal)
            .Select(k => $"{k}:{Canonical(map[k])}")) + "}",
        IEnumerable items => "[" + string.Join(",", items.Cast<object?>().Select(Canonical)) + "]",
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "",
    };

    private static string? Text(PropertyValue value) => value.TryGetString(out var text) ? text : null;
}
