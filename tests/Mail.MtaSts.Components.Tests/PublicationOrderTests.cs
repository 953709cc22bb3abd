using Mail.MtaSts.Components.Cloudflare;
using static Mail.MtaSts.Components.Tests.TestDeployment;

namespace Mail.MtaSts.Components.Tests;

/// <summary>RFC 8461 §8.1: the new id is published only after everything that serves the new policy is live.</summary>
public sealed class PublicationOrderTests
{
    private static readonly string[] AwsServing =
    [
        "aws:s3/bucketObjectv2:BucketObjectv2",
        "aws:s3/bucketPolicy:BucketPolicy",
        "aws:acm/certificateValidation:CertificateValidation",
        "aws:cloudfront/distribution:Distribution",
    ];

    /// <summary>The hosting, the types that serve the policy, and how many records point mta-sts.&lt;domain&gt; at it.</summary>
    public static TheoryData<string, string[], int> Hostings => new()
    {
        // A and AAAA alias records in Route 53.
        { "aws", AwsServing, 2 },
        // One DNS-only CNAME in Cloudflare.
        { "aws, dns in cloudflare", AwsServing, 1 },
        // The custom domain brings its own record.
        { "cloudflare", ["cloudflare:index/workersScript:WorkersScript", "cloudflare:index/workersCustomDomain:WorkersCustomDomain"], 0 },
    };

    [Theory]
    [MemberData(nameof(Hostings))]
    public async Task The_mta_sts_record_registers_after_the_policy_is_served(string hosting, string[] serving, int hostRecords)
    {
        var mocks = new RecordingMocks();
        // Hold back everything but the TXT records: without the dependency the record would register first.
        mocks.Slow.UnionWith([.. serving, "aws:s3/bucket:Bucket", "aws:acm/certificate:Certificate"]);
        var args = Args(hosting == "cloudflare" ? OnCloudflare() : OnAws());
        if (hosting == "aws, dns in cloudflare")
        {
            args.Dns = new CloudflareZone { ZoneId = CloudflareZoneId };
        }

        await DeployAsync(mocks, args);

        var record = Assert.Single(mocks.Registrations, r => Named(r, "_mta-sts.example.com"));
        var live = mocks.Registrations.Where(r => serving.Contains(r.Type) || Named(r, "mta-sts.example.com")).ToList();
        Assert.Equal(serving.Length + hostRecords, live.Count);
        Assert.All(live, r => Assert.True(r.Completed < record.Started, $"{r.Type} {r.Name} was not live before the id"));
    }

    private static bool Named(Registration registration, string name) =>
        registration.Inputs.TryGetValue("name", out var value) && value is string s && s == name;
}
