using System.Collections.Immutable;
using BenchmarkDotNet.Attributes;
using Mail.MtaSts.Components.Aws;
using Mail.MtaSts.Components.Cloudflare;
using Mail.MtaSts.Hosted;
using Pulumi;
using Pulumi.Testing;

namespace Mail.MtaSts.Components.Benchmarks;

/// <summary>
/// Constructing the provider's component (<see cref="HostedMtaSts"/>) for 100 and 1,000 hosted domains under mocks (a
/// preview): the time and memory the program adds to <c>pulumi preview</c>/<c>up</c> (issue 11: at most 10 s and 500 MB
/// for 1,000 domains), without the engine and the cloud calls.
/// </summary>
[MemoryDiagnoser]
public class HostedConstruction
{
    [Params(100, 1000)]
    public int Domains { get; set; }

    [Params("aws", "cloudflare")]
    public string Serving { get; set; } = "aws";

    [Benchmark]
    public Task<ImmutableArray<Resource>> Construct() =>
        Deployment.TestAsync(new CloudMocks(), new TestOptions { ProjectName = "provider", StackName = "bench", IsPreview = true },
            () => _ = new HostedMtaSts("provider", Args(), null, mxLookup: null));

    private HostedMtaStsArgs Args() => new()
    {
        Zone = "mtasts-provider.example",
        Rua = ["mailto:tlsrpt@mtasts-provider.example"],
        Domains = [.. Enumerable.Range(0, Domains).Select(i => new HostedDomainSettings
        {
            Domain = $"customer{i}.example",
            Mx = [$"mx1.customer{i}.example", "*.mail.protection.outlook.com"],
            Mode = i % 2 == 0 ? PolicyMode.Testing : PolicyMode.Enforce,
        })],
        Serving = Serving == "aws"
            ? new AwsHostedServing { HostedZoneId = "Z0123456789ABCDEFGHIJ" }
            : new CloudflareHostedServing { AccountId = "023e105f4ecef8ad9ca31a8372d0c353", ZoneId = "2d4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c" },
        Verification = { Enabled = false },
    };
}
