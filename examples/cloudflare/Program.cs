using Mail.MtaSts;
using Mail.MtaSts.Components;
using Mail.MtaSts.Components.Cloudflare;
using Pulumi;

// MTA-STS and TLS-RPT for one mail domain, hosted on Cloudflare: a Worker on a Workers custom domain + DNS records.
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
        Hosting = new CloudflareHosting
        {
            AccountId = config.Require("cloudflareAccountId"),
            ZoneId = config.Require("cloudflareZoneId"),
        },
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
