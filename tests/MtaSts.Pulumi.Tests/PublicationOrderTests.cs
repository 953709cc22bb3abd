using static Mail.MtaSts.Pulumi.Tests.TestDeployment;

namespace Mail.MtaSts.Pulumi.Tests;

/// <summary>RFC 8461 §8.1: the new id is published only after everything that serves the new policy is live.</summary>
public sealed class PublicationOrderTests
{
    public static TheoryData<string, string[]> Hostings => new()
    {
        {
            "aws", [
                "aws:s3/bucketObjectv2:BucketObjectv2",
                "aws:s3/bucketPolicy:BucketPolicy",
                "aws:acm/certificateValidation:CertificateValidation",
                "aws:cloudfront/distribution:Distribution",
            ]
        },
        {
            "cloudflare", [
                "cloudflare:index/workersScript:WorkersScript",
                "cloudflare:index/workersCustomDomain:WorkersCustomDomain",
            ]
        },
    };

    [Theory]
    [MemberData(nameof(Hostings))]
    public async Task The_mta_sts_record_registers_after_the_policy_is_served(string hosting, string[] serving)
    {
        var mocks = new RecordingMocks();
        // Hold back everything but the TXT records: without the dependency the record would register first.
        mocks.Slow.UnionWith([.. serving, "aws:s3/bucket:Bucket", "aws:acm/certificate:Certificate"]);
        var aliasType = hosting == "aws" ? "aws:route53/record:Record" : null;

        await DeployAsync(mocks, Args(hosting == "aws" ? Aws() : Cloudflare()));

        var record = Assert.Single(mocks.Registrations, r => r.Inputs.TryGetValue("name", out var name) && (string)name == "_mta-sts.example.com");
        var live = mocks.Registrations.Where(r => serving.Contains(r.Type)).ToList();
        if (aliasType != null)
        {
            // The A and AAAA alias records that point mta-sts.<domain> at the distribution.
            live.AddRange(mocks.OfType(aliasType).Where(r => r.String("type") is "A" or "AAAA"));
        }

        Assert.Equal(serving.Length + (aliasType != null ? 2 : 0), live.Count);
        Assert.All(live, r => Assert.True(r.Completed < record.Started, $"{r.Type} {r.Name} was not live before the id"));
    }
}
