using Mail.MtaSts;
using Mail.MtaSts.Components;
using Mail.MtaSts.Components.Aws;
using Pulumi;

// MTA-STS and TLS-RPT for one mail domain, hosted on AWS: private S3 + CloudFront + ACM (us-east-1) + Route 53.
return await Deployment.RunAsync(() =>
{
    var config = new Config();
    var mtaSts = new MtaStsDomain("mail", new MtaStsDomainArgs
    {
        Domain = config.Require("domain"),
        MxHosts = config.GetObject<string[]>("mxHosts") ?? [],
        Mode = Enum.Parse<PolicyMode>(config.Get("mode") ?? "testing", ignoreCase: true),
        MaxAge = config.GetInt32("maxAge") ?? PolicySettings.DefaultMaxAge,
        TlsRptReportUris = config.GetObject<string[]>("tlsRptReportUris") ?? [],
        Hosting = new AwsHosting { HostedZoneId = config.Require("hostedZoneId") },
        AllowUncoveredMx = config.GetBoolean("allowUncoveredMx") ?? false,
        Retire = config.GetBoolean("retire") ?? false,
    });

    return new Dictionary<string, object?>
    {
        ["policyUrl"] = mtaSts.PolicyUrl,
        ["policyId"] = mtaSts.PolicyId,
        ["policyText"] = mtaSts.PolicyText,
        ["mtaStsRecord"] = mtaSts.MtaStsRecord,
        ["tlsRptRecord"] = mtaSts.TlsRptRecord,
    };
});
