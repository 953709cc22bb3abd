using System.Text.Json.Nodes;
using Mail.MtaSts.Hosting;
using Pulumi;
using Acm = Pulumi.Aws.Acm;
using AwsProvider = Pulumi.Aws.Provider;
using AwsProviderArgs = Pulumi.Aws.ProviderArgs;
using CloudFront = Pulumi.Aws.CloudFront;
using S3 = Pulumi.Aws.S3;

namespace Mail.MtaSts.Components.Aws;

/// <summary>
/// Serve the policy from a private S3 bucket through CloudFront, with an ACM certificate for
/// <c>mta-sts.&lt;domain&gt;</c> (RFC 8461 §3.3).
/// </summary>
public sealed class AwsHosting : PolicyHosting
{
    /// <summary>
    /// The AWS managed cache policy "CachingDisabled" (TTLs 0): every request revalidates with S3, so the edge never
    /// serves an old policy after the new id is published (RFC 8461 §8.1).
    /// </summary>
    internal const string CachingDisabledPolicyId = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad";

    /// <summary>CloudFront accepts ACM certificates from this region only.</summary>
    internal const string CertificateRegion = "us-east-1";

    /// <summary>The oldest TLS CloudFront offers to viewers: TLS 1.2 with modern ciphers (RFC 8461 §7.2 wants 1.2 or later).</summary>
    internal const string MinimumProtocolVersion = "TLSv1.2_2021";

    /// <summary>
    /// The longest first name ACM puts in a certificate: 64 octets, the common-name bound of RFC 5280 Appendix A, so
    /// <c>mta-sts.&lt;domain&gt;</c> must fit for CloudFront to serve it with a valid certificate (RFC 8461 §3.3).
    /// </summary>
    internal const int MaxCertificateName = 64;

    /// <summary>
    /// The AWS managed origin request policy "AllViewerExceptHostHeader": every viewer header (Content-Type among them)
    /// goes to the report API, but not Host, which API Gateway needs to be its own name.
    /// </summary>
    internal const string AllViewerExceptHostHeaderPolicyId = "b689b0a8-53d0-40ab-baf2-68738e2966ac";

    private const string OriginId = "policy-bucket";

    private const string ReportOriginId = "report-api";

    private double reportRequestsPerSecond = 10;
    private int reportBurst = 20;
    private int? reportConcurrency;

    /// <summary>The Route 53 hosted zone of the domain; the default DNS target.</summary>
    public Input<string>? HostedZoneId { get; set; }

    /// <summary>
    /// An <c>aws</c> provider for us-east-1, where CloudFront requires its certificates. When null, the component
    /// creates one from the ambient credentials; pass your own to use other credentials or an assumed role.
    /// </summary>
    public ProviderResource? CertificateProvider { get; set; }

    /// <summary>The CloudFront price class; the default serves from every edge location.</summary>
    public string PriceClass { get; set; } = "PriceClass_All";

    /// <summary>
    /// Requests per second the report endpoint's API takes, steadily, when reports are collected
    /// (<see cref="MtaStsDomainArgs.CollectTlsReports"/>); API Gateway answers more with 429, before Lambda runs. Default 10:
    /// a domain gets a few dozen reports a day.
    /// </summary>
    public double ReportRequestsPerSecond
    {
        get => reportRequestsPerSecond;
        set => reportRequestsPerSecond = value is > 0 and <= 10_000 ? value
            : throw Refused(nameof(ReportRequestsPerSecond), value.ToString(System.Globalization.CultureInfo.InvariantCulture), "must be above 0 and at most 10000 (API Gateway's account quota)");
    }

    /// <summary>Requests the report endpoint's API takes at once above the steady rate. Default 20.</summary>
    public int ReportBurst
    {
        get => reportBurst;
        set => reportBurst = value is > 0 and <= 5_000 ? value
            : throw Refused(nameof(ReportBurst), value.ToString(System.Globalization.CultureInfo.InvariantCulture), "must be 1 to 5000 (API Gateway's account quota)");
    }

    /// <summary>
    /// The report function's reserved concurrency: at most this many run at once, and they are always available. Null (the
    /// default) reserves none; Lambda refuses a reservation that leaves the account fewer than 10 unreserved, which new
    /// accounts with a quota of 10 always would.
    /// </summary>
    public int? ReportConcurrency
    {
        get => reportConcurrency;
        set => reportConcurrency = value is null or > 0 ? value
            : throw Refused(nameof(ReportConcurrency), value.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), "must be at least 1, or null for none reserved");
    }

    /// <summary>The key of the policy object: the well-known path without its leading slash (RFC 8461 §3.3).</summary>
    internal static string ObjectKey => DeploymentPlan.PolicyPath.TrimStart('/');

    internal override Diagnostic? RejectHost(string hostName) => hostName.Length <= MaxCertificateName ? null
        : new Diagnostic(Severity.Error, "Domain", hostName,
            $"AWS hosting: ACM issues no certificate whose name is longer than {MaxCertificateName} characters (the common-name "
            + $"bound of RFC 5280 Appendix A) and this host name has {hostName.Length}; use CloudflareHosting or a shorter domain",
            "RFC 8461 §3.3");

    internal override DnsZone? DefaultZone => HostedZoneId is null ? null : new Route53Zone { ZoneId = HostedZoneId };

    internal override Served Serve(string name, DeploymentPlan plan, DnsZone zone, Resource parent)
    {
        var child = new CustomResourceOptions { Parent = parent };
        (ReportCollection Collection, Output<string> OriginHost)? reports =
            plan.ReportEndpoint is { } endpoint ? AwsReportEndpoint.Create(name, endpoint, this, parent) : null;

        // A private bucket: no ACLs, no public policy, encrypted; only this distribution may read (below).
        var bucket = new S3.Bucket($"{name}-policy", new S3.BucketArgs { BucketPrefix = "mta-sts-" }, child);
        var publicAccess = new S3.BucketPublicAccessBlock($"{name}-policy-public-access", new S3.BucketPublicAccessBlockArgs
        {
            Bucket = bucket.Id,
            BlockPublicAcls = true,
            BlockPublicPolicy = true,
            IgnorePublicAcls = true,
            RestrictPublicBuckets = true,
        }, child);
        var ownership = new S3.BucketOwnershipControls($"{name}-policy-ownership", new S3.BucketOwnershipControlsArgs
        {
            Bucket = bucket.Id,
            Rule = new S3.Inputs.BucketOwnershipControlsRuleArgs { ObjectOwnership = "BucketOwnerEnforced" },
        }, child);
        var encryption = new S3.BucketServerSideEncryptionConfiguration($"{name}-policy-encryption",
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

        // The exact bytes from the core, as text/plain (RFC 8461 §3.2); base64 so that no byte is re-encoded.
        var policyObject = new S3.BucketObjectv2($"{name}-policy-object", new S3.BucketObjectv2Args
        {
            Bucket = bucket.Id,
            Key = ObjectKey,
            ContentBase64 = Convert.ToBase64String(plan.PolicyBytes),
            ContentType = plan.ContentType,
            CacheControl = plan.CacheControl,
        }, new CustomResourceOptions { Parent = parent, DependsOn = { ownership, encryption } });

        var originAccess = new CloudFront.OriginAccessControl($"{name}-origin-access", new CloudFront.OriginAccessControlArgs
        {
            Description = $"MTA-STS policy host {plan.HostName}: CloudFront reads the policy bucket",
            OriginAccessControlOriginType = "s3",
            SigningBehavior = "always",
            SigningProtocol = "sigv4",
        }, child);

        // The certificate for mta-sts.<domain> (RFC 8461 §3.3), validated by DNS in the chosen zone.
        var usEast1 = CertificateProvider ?? new AwsProvider($"{name}-{CertificateRegion}",
            new AwsProviderArgs { Region = CertificateRegion }, child);
        var certificate = new Acm.Certificate($"{name}-certificate", new Acm.CertificateArgs
        {
            DomainName = plan.HostName,
            ValidationMethod = "DNS",
        }, new CustomResourceOptions { Parent = parent, Provider = usEast1 });
        // ACM sets all three fields, declared string? by the provider, for a certificate requested with DNS validation.
        var option = certificate.DomainValidationOptions.Apply(options => options.Single(o => o.DomainName == plan.HostName));
        var validationRecord = zone.Record($"{name}-certificate-validation-record", option.Apply(o => o.ResourceRecordName!),
            option.Apply(o => o.ResourceRecordType!), option.Apply(o => o.ResourceRecordValue!), child);
        var validation = new Acm.CertificateValidation($"{name}-certificate-validation", new Acm.CertificateValidationArgs
        {
            CertificateArn = certificate.Arn,
        }, new CustomResourceOptions { Parent = parent, Provider = usEast1, DependsOn = { validationRecord } });

        var distributionArgs = new CloudFront.DistributionArgs
        {
            Enabled = true,
            Comment = $"MTA-STS policy host for {plan.Domain}",
            Aliases = { plan.HostName },
            IsIpv6Enabled = true,
            PriceClass = PriceClass,
            Origins =
            {
                new CloudFront.Inputs.DistributionOriginArgs
                {
                    OriginId = OriginId,
                    DomainName = bucket.BucketRegionalDomainName,
                    OriginAccessControlId = originAccess.Id,
                },
            },
            DefaultCacheBehavior = new CloudFront.Inputs.DistributionDefaultCacheBehaviorArgs
            {
                TargetOriginId = OriginId,
                // Senders fetch over HTTPS only and must not follow redirects (RFC 8461 §3.3): no HTTP-to-HTTPS redirect.
                ViewerProtocolPolicy = "https-only",
                AllowedMethods = { "GET", "HEAD" },
                CachedMethods = { "GET", "HEAD" },
                CachePolicyId = CachingDisabledPolicyId,
                Compress = false,
            },
            Restrictions = new CloudFront.Inputs.DistributionRestrictionsArgs
            {
                GeoRestriction = new CloudFront.Inputs.DistributionRestrictionsGeoRestrictionArgs { RestrictionType = "none" },
            },
            ViewerCertificate = new CloudFront.Inputs.DistributionViewerCertificateArgs
            {
                AcmCertificateArn = validation.CertificateArn,
                SslSupportMethod = "sni-only", // senders send SNI (RFC 8461 §7.1 via RFC 6066)
                MinimumProtocolVersion = MinimumProtocolVersion,
            },
        };
        if (reports?.OriginHost is { } reportApi)
        {
            // The report endpoint's one path goes to the report API, uncached, every method (the handler answers 405).
            distributionArgs.Origins.Add(new CloudFront.Inputs.DistributionOriginArgs
            {
                OriginId = ReportOriginId,
                DomainName = reportApi,
                CustomOriginConfig = new CloudFront.Inputs.DistributionOriginCustomOriginConfigArgs
                {
                    HttpPort = 80,
                    HttpsPort = 443,
                    OriginProtocolPolicy = "https-only",
                    OriginSslProtocols = { "TLSv1.2" },
                },
            });
            distributionArgs.OrderedCacheBehaviors.Add(new CloudFront.Inputs.DistributionOrderedCacheBehaviorArgs
            {
                PathPattern = ReportEndpoint.Path,
                TargetOriginId = ReportOriginId,
                ViewerProtocolPolicy = "https-only",
                AllowedMethods = { "DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT" },
                CachedMethods = { "GET", "HEAD" },
                CachePolicyId = CachingDisabledPolicyId,
                OriginRequestPolicyId = AllViewerExceptHostHeaderPolicyId,
                Compress = false,
            });
        }

        var distribution = new CloudFront.Distribution($"{name}-distribution", distributionArgs, child);

        var bucketPolicy = new S3.BucketPolicy($"{name}-policy-access", new S3.BucketPolicyArgs
        {
            Bucket = bucket.Id,
            Policy = Output.Tuple(bucket.Arn, distribution.Arn).Apply(t => ReadByDistributionOnly(t.Item1, t.Item2)),
        }, new CustomResourceOptions { Parent = parent, DependsOn = { publicAccess } });

        // Route 53 answers the host name with alias records; any other zone with a CNAME to the distribution.
        IReadOnlyList<CustomResource> hostRecords = zone is Route53Zone route53
            ? route53.Alias($"{name}-host", plan.HostName, distribution.DomainName, distribution.HostedZoneId, child)
            : [zone.Cname($"{name}-host-cname", plan.HostName, distribution.DomainName, child)];
        var collected = reports?.Collection is { } collection
            ? collection with { Resources = [.. collection.Resources, distribution, .. hostRecords] }
            : null;
        return new Served([policyObject, bucketPolicy, validation, distribution, .. hostRecords], collected);
    }

    private static MtaStsException Refused(string field, string value, string rule) =>
        new([new Diagnostic(Severity.Error, $"AwsHosting.{field}", value, rule, "RFC 8460 §5.4")]);

    /// <summary>
    /// A bucket policy that lets CloudFront read the policy object on behalf of one distribution and nothing else
    /// (CloudFront origin access control).
    /// </summary>
    internal static string ReadByDistributionOnly(string bucketArn, string distributionArn) => new JsonObject
    {
        ["Version"] = "2012-10-17",
        ["Statement"] = new JsonArray(new JsonObject
        {
            ["Sid"] = "CloudFrontReadsThePolicy",
            ["Effect"] = "Allow",
            ["Principal"] = new JsonObject { ["Service"] = "cloudfront.amazonaws.com" },
            ["Action"] = "s3:GetObject",
            ["Resource"] = $"{bucketArn}/{ObjectKey}",
            ["Condition"] = new JsonObject
            {
                ["StringEquals"] = new JsonObject { ["AWS:SourceArn"] = distributionArn },
            },
        }),
    }.ToJsonString();
}
