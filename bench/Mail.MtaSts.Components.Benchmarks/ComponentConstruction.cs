using System.Collections.Immutable;
using BenchmarkDotNet.Attributes;
using Mail.MtaSts.Components.Aws;
using Mail.MtaSts.Components.Cloudflare;
using Pulumi;
using Pulumi.Testing;

namespace Mail.MtaSts.Components.Benchmarks;

/// <summary>
/// Constructing the component for 1 and for 100 domains in one stack under mocks (a preview): the time the program
/// adds to <c>pulumi preview</c>/<c>up</c>, without the engine and the cloud calls.
/// </summary>
[MemoryDiagnoser]
public class ComponentConstruction
{
    [Params(1, 100)]
    public int Domains { get; set; }

    [Params("aws", "cloudflare")]
    public string Hosting { get; set; } = "aws";

    [Benchmark]
    public Task<ImmutableArray<Resource>> Construct() =>
        Deployment.TestAsync(new CloudMocks(), new TestOptions { ProjectName = "mail", StackName = "bench", IsPreview = true }, () =>
        {
            for (var i = 0; i < Domains; i++)
            {
                _ = new MtaStsDomain($"d{i}", Args($"domain{i}.example.com"), null, NoLiveMx.Instance);
            }
        });

    private MtaStsDomainArgs Args(string domain) => new()
    {
        Domain = domain,
        MxHosts = [$"mx1.{domain}", "*.mail.protection.outlook.com"],
        Mode = PolicyMode.Enforce,
        TlsRptReportUris = [$"mailto:tlsrpt@{domain}"],
        Hosting = Hosting == "aws"
            ? new AwsHosting { HostedZoneId = "Z0123456789ABCDEFGHIJ" }
            : new CloudflareHosting { AccountId = "023e105f4ecef8ad9ca31a8372d0c353", ZoneId = "2d4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c" },
    };

    /// <summary>A preview with mx patterns given never looks up live MX records.</summary>
    private sealed class NoLiveMx : IMxLookup
    {
        public static readonly NoLiveMx Instance = new();

        public Task<MxHosts> LookupAsync(DomainName domain, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("a preview with mx patterns does not look up live MX records");
    }
}
