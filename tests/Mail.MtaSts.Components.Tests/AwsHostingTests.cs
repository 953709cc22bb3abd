using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using Mail.MtaSts.Components.Aws;
using Mail.MtaSts.Components.Cloudflare;
using Pulumi;
using static Mail.MtaSts.Components.Tests.TestDeployment;

namespace Mail.MtaSts.Components.Tests;

public sealed class AwsHostingTests
{
    [Fact]
    public async Task Creates_a_private_bucket_a_distribution_a_us_east_1_certificate_and_the_records()
    {
        var mocks = new RecordingMocks();

        await DeployAsync(mocks, Args(OnAws()));

        var types = mocks.Registrations.GroupBy(r => r.Type).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(new Dictionary<string, int>
        {
            ["mtasts:index:MtaStsDomain"] = 1,
            ["aws:s3/bucket:Bucket"] = 1,
            ["aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"] = 1,
            ["aws:s3/bucketOwnershipControls:BucketOwnershipControls"] = 1,
            ["aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration"] = 1,
            ["aws:s3/bucketObjectv2:BucketObjectv2"] = 1,
            ["aws:s3/bucketPolicy:BucketPolicy"] = 1,
            ["aws:cloudfront/originAccessControl:OriginAccessControl"] = 1,
            ["aws:cloudfront/distribution:Distribution"] = 1,
            ["pulumi:providers:aws"] = 1,
            ["aws:acm/certificate:Certificate"] = 1,
            ["aws:acm/certificateValidation:CertificateValidation"] = 1,
            // certificate validation, A and AAAA alias, _mta-sts TXT, _smtp._tls TXT
            ["aws:route53/record:Record"] = 5,
        }, types);
    }

    [Fact]
    public async Task The_policy_object_holds_the_exact_bytes_as_text_plain_with_a_short_cache_lifetime()
    {
        var mocks = new RecordingMocks();

        var (component, _) = await DeployAsync(mocks, Args(OnAws()));

        var policyObject = mocks.Single("aws:s3/bucketObjectv2:BucketObjectv2");
        Assert.Equal(ExpectedPlan.PolicyBytes, Convert.FromBase64String(policyObject.String("contentBase64")));
        Assert.Equal(".well-known/mta-sts.txt", policyObject.String("key"));
        Assert.Equal("text/plain; charset=utf-8", policyObject.String("contentType"));
        Assert.Equal("max-age=300", policyObject.String("cacheControl"));
        Assert.Equal(Encoding.ASCII.GetString(ExpectedPlan.PolicyBytes), await ValueAsync(component.PolicyText));
    }

    [Fact]
    public async Task The_bucket_is_not_public_and_only_this_distribution_may_read_the_policy()
    {
        var mocks = new RecordingMocks();

        await DeployAsync(mocks, Args(OnAws()));

        var block = mocks.Single("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock");
        Assert.All(["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"],
            key => Assert.True((bool)block.Inputs[key], key));
        var ownership = mocks.Single("aws:s3/bucketOwnershipControls:BucketOwnershipControls");
        Assert.Equal("BucketOwnerEnforced", ownership.Map("rule")["objectOwnership"]);
        var encryption = mocks.Single("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration");
        var rule = Assert.Single(((ImmutableArray<object>)encryption.Inputs["rules"]).Cast<ImmutableDictionary<string, object>>());
        Assert.Equal("AES256", ((ImmutableDictionary<string, object>)rule["applyServerSideEncryptionByDefault"])["sseAlgorithm"]);

        var bucket = mocks.Single("aws:s3/bucket:Bucket");
        Assert.False(bucket.Inputs.ContainsKey("acl"));
        Assert.All([block, ownership, encryption, mocks.Single("aws:s3/bucketPolicy:BucketPolicy")],
            r => Assert.Equal(bucket.Id, r.String("bucket")));
        var distribution = mocks.Single("aws:cloudfront/distribution:Distribution");
        using var policy = JsonDocument.Parse(mocks.Single("aws:s3/bucketPolicy:BucketPolicy").String("policy"));
        var statement = Assert.Single(policy.RootElement.GetProperty("Statement").EnumerateArray());
        Assert.Equal("Allow", statement.GetProperty("Effect").GetString());
        Assert.Equal("cloudfront.amazonaws.com", statement.GetProperty("Principal").GetProperty("Service").GetString());
        Assert.Equal("s3:GetObject", statement.GetProperty("Action").GetString());
        Assert.Equal($"arn:aws:s3:::{bucket.Name}/.well-known/mta-sts.txt", statement.GetProperty("Resource").GetString());
        Assert.Equal($"arn:aws:cloudfront::123456789012:distribution/{distribution.Name}",
            statement.GetProperty("Condition").GetProperty("StringEquals").GetProperty("AWS:SourceArn").GetString());
    }

    [Fact]
    public async Task The_distribution_serves_the_host_name_over_tls_1_2_with_sni_get_and_head_only_and_no_edge_cache()
    {
        var mocks = new RecordingMocks();

        await DeployAsync(mocks, Args(OnAws()));

        var distribution = mocks.Single("aws:cloudfront/distribution:Distribution");
        Assert.Equal(["mta-sts.example.com"], distribution.Strings("aliases"));
        var certificate = distribution.Map("viewerCertificate");
        Assert.Equal("TLSv1.2_2021", certificate["minimumProtocolVersion"]);
        Assert.Equal("sni-only", certificate["sslSupportMethod"]);
        Assert.Equal($"arn:aws:acm:us-east-1:123456789012:certificate/{mocks.Single("aws:acm/certificate:Certificate").Name}",
            certificate["acmCertificateArn"]);
        var behavior = distribution.Map("defaultCacheBehavior");
        Assert.Equal(["GET", "HEAD"], ((ImmutableArray<object>)behavior["allowedMethods"]).Cast<string>());
        Assert.Equal("https-only", behavior["viewerProtocolPolicy"]);
        Assert.Equal(AwsHosting.CachingDisabledPolicyId, behavior["cachePolicyId"]);
        var origin = Assert.Single(((ImmutableArray<object>)distribution.Inputs["origins"])
            .Cast<ImmutableDictionary<string, object>>());
        Assert.Equal($"{mocks.Single("aws:s3/bucket:Bucket").Name}.s3.eu-west-1.amazonaws.com", origin["domainName"]);
        var originAccess = mocks.Single("aws:cloudfront/originAccessControl:OriginAccessControl");
        Assert.Equal(originAccess.Id, origin["originAccessControlId"]);
        Assert.Equal("s3", originAccess.String("originAccessControlOriginType"));
        Assert.Equal("always", originAccess.String("signingBehavior"));
        Assert.Equal("sigv4", originAccess.String("signingProtocol"));
    }

    [Fact]
    public async Task The_certificate_and_its_validation_use_a_us_east_1_provider_and_nothing_else_does()
    {
        var mocks = new RecordingMocks();

        await DeployAsync(mocks, Args(OnAws()));

        var provider = mocks.Single("pulumi:providers:aws");
        Assert.Equal("us-east-1", provider.String("region"));
        // A provider reference is "<provider URN>::<provider id>".
        var reference = $"pulumi:providers:aws::{provider.Name}::{provider.Id}";
        Assert.EndsWith(reference, mocks.Single("aws:acm/certificate:Certificate").Provider);
        Assert.EndsWith(reference, mocks.Single("aws:acm/certificateValidation:CertificateValidation").Provider);
        Assert.Equal("mta-sts.example.com", mocks.Single("aws:acm/certificate:Certificate").String("domainName"));
        Assert.Equal("DNS", mocks.Single("aws:acm/certificate:Certificate").String("validationMethod"));
        Assert.All(mocks.Registrations.Where(r => !r.Type.StartsWith("aws:acm/", StringComparison.Ordinal)),
            r => Assert.False(r.Provider?.EndsWith(reference, StringComparison.Ordinal) ?? false, r.Type));
    }

    [Fact]
    public async Task A_given_us_east_1_provider_is_used_instead_of_a_new_one()
    {
        var mocks = new RecordingMocks();

        await Deployment.TestAsync(mocks, Options(preview: true), () =>
        {
            var given = new global::Pulumi.Aws.Provider("use1", new global::Pulumi.Aws.ProviderArgs { Region = "us-east-1" });
            _ = new MtaStsDomain("corp", Args(new AwsHosting { HostedZoneId = HostedZoneId, CertificateProvider = given }), null, CoveredMx());
        });

        var provider = mocks.Single("pulumi:providers:aws");
        Assert.Equal("use1", provider.Name);
        Assert.EndsWith($"pulumi:providers:aws::use1::{provider.Id}", mocks.Single("aws:acm/certificate:Certificate").Provider);
        Assert.EndsWith($"pulumi:providers:aws::use1::{provider.Id}",
            mocks.Single("aws:acm/certificateValidation:CertificateValidation").Provider);
    }

    [Fact]
    public async Task Route53_gets_the_validation_record_the_alias_records_and_both_txt_records()
    {
        var mocks = new RecordingMocks();

        await DeployAsync(mocks, Args(OnAws()));

        var records = mocks.OfType("aws:route53/record:Record");
        Assert.All(records, r => Assert.Equal(HostedZoneId, r.String("zoneId")));
        var validation = Assert.Single(records, r => r.String("type") == "CNAME");
        Assert.Equal("_3639ac514e785e898d2646601fa951d5.mta-sts.example.com.", validation.String("name"));
        var aliases = records.Where(r => r.String("type") is "A" or "AAAA").ToArray();
        Assert.Equal(["A", "AAAA"], aliases.Select(r => r.String("type")).Order());
        Assert.All(aliases, r =>
        {
            Assert.Equal("mta-sts.example.com", r.String("name"));
            var alias = Assert.Single(((ImmutableArray<object>)r.Inputs["aliases"])
                .Cast<ImmutableDictionary<string, object>>());
            Assert.Equal(RecordingMocks.DistributionDomain, alias["name"]);
            Assert.Equal(RecordingMocks.CloudFrontZoneId, alias["zoneId"]);
        });
        var txt = records.Where(r => r.String("type") == "TXT").ToDictionary(r => r.String("name"), r => Assert.Single(r.Strings("records")));
        Assert.Equal(ExpectedPlan.MtaStsRecord.Value, txt["_mta-sts.example.com"]);
        Assert.Equal("v=TLSRPTv1; rua=mailto:tlsrpt@example.com", txt["_smtp._tls.example.com"]);
    }

    [Fact]
    public async Task Records_can_go_to_a_cloudflare_zone_instead()
    {
        var mocks = new RecordingMocks();
        var args = Args(OnAws());
        args.Dns = new CloudflareZone { ZoneId = CloudflareZoneId };

        await DeployAsync(mocks, args);

        Assert.Empty(mocks.OfType("aws:route53/record:Record"));
        var records = mocks.OfType("cloudflare:index/dnsRecord:DnsRecord");
        Assert.All(records, r => Assert.Equal(CloudflareZoneId, r.String("zoneId")));
        var host = Assert.Single(records, r => r.String("name") == "mta-sts.example.com");
        Assert.Equal("CNAME", host.String("type"));
        Assert.Equal(RecordingMocks.DistributionDomain, host.String("content"));
        Assert.False((bool)host.Inputs["proxied"]);
        Assert.Contains(records, r => r.String("name") == "_3639ac514e785e898d2646601fa951d5.mta-sts.example.com");
        Assert.Contains(records, r => r.String("name") == "_mta-sts.example.com" && r.String("content") == $"\"{ExpectedPlan.MtaStsRecord.Value}\"");
    }
}
