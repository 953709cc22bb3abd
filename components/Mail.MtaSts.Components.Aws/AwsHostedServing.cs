using System.Text.Json.Nodes;
using Mail.MtaSts.Hosted;
using Mail.MtaSts.Hosting;
using Pulumi;
using CloudFront = Pulumi.Aws.CloudFront;
using S3 = Pulumi.Aws.S3;

namespace Mail.MtaSts.Components.Aws;

/// <summary>
/// A provider's one serving stack on AWS: a CloudFront multi-tenant distribution in front of one private S3 bucket
/// keyed by Host (<c>mta-sts.&lt;domain&gt;/.well-known/mta-sts.txt</c>), the core's <see cref="CloudFrontFunction"/>
/// picking the object by Host, and a distribution tenant per domain holding <c>mta-sts.&lt;domain&gt;</c> with a
/// CloudFront-managed certificate, validated over HTTP once the owner's CNAME points at the policy host
/// (RFC 8461 §3.3). All tenants share one connection group, whose routing endpoint the policy host is a CNAME to.
/// Per domain: a tenant and an object here, two TXT records.
/// </summary>
public sealed class AwsHostedServing : HostedServing
{
    private const string OriginId = "policy-bucket";

    /// <summary>The Route 53 hosted zone of the provider's zone; the default DNS target.</summary>
    public Input<string>? HostedZoneId { get; set; }

    internal override DnsZone? DefaultZone => HostedZoneId is null ? null : new Route53Zone { ZoneId = HostedZoneId };

    internal override HostedServed Serve(string name, HostedPlan plan, DnsZone zone, Resource parent)
    {
        var child = new CustomResourceOptions { Parent = parent };

        // One private bucket: no ACLs, no public policy, encrypted; only the distribution reads (below).
        var bucket = new S3.Bucket($"{name}-policies", new S3.BucketArgs { BucketPrefix = "mta-sts-hosted-" }, child);
        var publicAccess = new S3.BucketPublicAccessBlock($"{name}-policies-public-access", new S3.BucketPublicAccessBlockArgs
        {
            Bucket = bucket.Id,
            BlockPublicAcls = true,
            BlockPublicPolicy = true,
            IgnorePublicAcls = true,
            RestrictPublicBuckets = true,
        }, child);
        var ownership = new S3.BucketOwnershipControls($"{name}-policies-ownership", new S3.BucketOwnershipControlsArgs
        {
            Bucket = bucket.Id,
            Rule = new S3.Inputs.BucketOwnershipControlsRuleArgs { ObjectOwnership = "BucketOwnerEnforced" },
        }, child);
        var encryption = new S3.BucketServerSideEncryptionConfiguration($"{name}-policies-encryption",
            new S3.BucketServerSideEncryptionConfigurationArgs
            {
                Bucket = bucket.Id,
                Rules =
                {
                    new S3.Inputs.BucketServerSideEncryptionConfigurationRuleArgs
                    {
                        ApplyServerSideEncryptionByDefault =
                            new S3.Inputs.BucketServerSideEncryptionConfigurationRuleApplyServerSideEncryptionByDefaultArgs
                            {
                                SseAlgorithm = "AES256",
                            },
                    },
                },
            }, child);

        var originAccess = new CloudFront.OriginAccessControl($"{name}-origin-access", new CloudFront.OriginAccessControlArgs
        {
            Description = $"MTA-STS policy host {plan.Provider.PolicyHost}: CloudFront reads the policy bucket",
            OriginAccessControlOriginType = "s3",
            SigningBehavior = "always",
            SigningProtocol = "sigv4",
        }, child);

        // The core's viewer-request function: Host → the object key; it lists no domain, so it never changes with them.
        var function = new CloudFront.Function($"{name}-host-key", new CloudFront.FunctionArgs
        {
            Runtime = CloudFrontFunction.Runtime,
            Code = CloudFrontFunction.Code,
            Comment = "MTA-STS: the policy object of the requested Host",
            Publish = true,
        }, child);

        var connectionGroup = new CloudFront.ConnectionGroup($"{name}-connection-group", new CloudFront.ConnectionGroupArgs
        {
            Enabled = true,
            Ipv6Enabled = true,
        }, child);

        var distribution = new CloudFront.MultitenantDistribution($"{name}-distribution", new CloudFront.MultitenantDistributionArgs
        {
            Enabled = true,
            Comment = $"MTA-STS policy host {plan.Provider.PolicyHost} for hosted domains",
            Origins =
            {
                new CloudFront.Inputs.MultitenantDistributionOriginArgs
                {
                    Id = OriginId,
                    DomainName = bucket.BucketRegionalDomainName,
                    OriginAccessControlId = originAccess.Id,
                },
            },
            DefaultCacheBehavior = new CloudFront.Inputs.MultitenantDistributionDefaultCacheBehaviorArgs
            {
                TargetOriginId = OriginId,
                // HTTPS only, never a redirect (RFC 8461 §3.3); nothing cached, so a new policy is served at once (§8.1).
                ViewerProtocolPolicy = "https-only",
                CachePolicyId = AwsHosting.CachingDisabledPolicyId,
                Compress = false,
                AllowedMethods = new CloudFront.Inputs.MultitenantDistributionDefaultCacheBehaviorAllowedMethodsArgs
                {
                    Items = { "GET", "HEAD" },
                    CachedMethods = { "GET", "HEAD" },
                },
                FunctionAssociations =
                {
                    new CloudFront.Inputs.MultitenantDistributionDefaultCacheBehaviorFunctionAssociationArgs
                    {
                        EventType = "viewer-request",
                        FunctionArn = function.Arn,
                    },
                },
            },
            Restrictions = new CloudFront.Inputs.MultitenantDistributionRestrictionsArgs
            {
                GeoRestriction = new CloudFront.Inputs.MultitenantDistributionRestrictionsGeoRestrictionArgs { RestrictionType = "none" },
            },
            // Each tenant serves its own managed certificate for mta-sts.<domain>; the distribution's is never shown to a sender.
            ViewerCertificate = new CloudFront.Inputs.MultitenantDistributionViewerCertificateArgs { CloudfrontDefaultCertificate = true },
        }, child);

        var bucketPolicy = new S3.BucketPolicy($"{name}-policies-access", new S3.BucketPolicyArgs
        {
            Bucket = bucket.Id,
            Policy = Output.Tuple(bucket.Arn, distribution.Arn).Apply(t => ReadByDistributionOnly(t.Item1, t.Item2)),
        }, new CustomResourceOptions { Parent = parent, DependsOn = { publicAccess } });

        // The policy host every owner's mta-sts.<domain> is a CNAME to: the connection group's routing endpoint.
        var policyHost = zone.Cname($"{name}-policy-host", plan.Provider.PolicyHost, connectionGroup.RoutingEndpoint, child);

        var byDomain = new Dictionary<DomainName, IReadOnlyList<Resource>>();
        foreach (var domain in plan.Domains)
        {
            var label = domain.Delegation.Label;
            // The exact bytes from the core, as text/plain (RFC 8461 §3.2), base64 so that no byte is re-encoded.
            var policyObject = new S3.BucketObjectv2($"{name}-{label}-policy", new S3.BucketObjectv2Args
            {
                Bucket = bucket.Id,
                Key = CloudFrontFunction.ObjectKeyFor(domain),
                ContentBase64 = Convert.ToBase64String(domain.PolicyBytes),
                ContentType = domain.ContentType,
                CacheControl = domain.CacheControl,
            }, new CustomResourceOptions { Parent = parent, DependsOn = { ownership, encryption } });
            var tenant = new CloudFront.DistributionTenant($"{name}-{label}-tenant", new CloudFront.DistributionTenantArgs
            {
                DistributionId = distribution.Id,
                ConnectionGroupId = connectionGroup.Id,
                Name = TenantName(domain),
                Enabled = true,
                Domains = { new CloudFront.Inputs.DistributionTenantDomainArgs { Domain = domain.HostName } },
                // CloudFront answers the HTTP validation once mta-sts.<domain> resolves to it through the owner's CNAME.
                ManagedCertificateRequest = new CloudFront.Inputs.DistributionTenantManagedCertificateRequestArgs
                {
                    PrimaryDomainName = domain.HostName,
                    ValidationTokenHost = "cloudfront",
                },
            }, child);
            byDomain[domain.Domain] = [policyObject, tenant];
        }

        return new HostedServed([bucketPolicy, function, distribution, connectionGroup, policyHost], byDomain);
    }

    /// <summary>The tenant's name: the domain's label in the provider's zone, unique and stable (<see cref="HostingProvider.LabelFor"/>).</summary>
    internal static string TenantName(HostedDomain domain) => "mta-sts-" + domain.Delegation.Label;

    /// <summary>A bucket policy letting CloudFront read the policy objects for one distribution and nothing else.</summary>
    internal static string ReadByDistributionOnly(string bucketArn, string distributionArn) => new JsonObject
    {
        ["Version"] = "2012-10-17",
        ["Statement"] = new JsonArray(new JsonObject
        {
            ["Sid"] = "CloudFrontReadsThePolicies",
            ["Effect"] = "Allow",
            ["Principal"] = new JsonObject { ["Service"] = "cloudfront.amazonaws.com" },
            ["Action"] = "s3:GetObject",
            ["Resource"] = $"{bucketArn}/*{DeploymentPlan.PolicyPath}",
            ["Condition"] = new JsonObject
            {
                ["StringEquals"] = new JsonObject { ["AWS:SourceArn"] = distributionArn },
            },
        }),
    }.ToJsonString();
}
