using Mail.MtaSts.Hosting;
using Pulumi;
using Pulumi.Cloudflare;
using WorkerScript = Mail.MtaSts.Hosting.WorkerScript;

namespace Mail.MtaSts.Components.Cloudflare;

/// <summary>
/// Serve the policy from a Cloudflare Worker on a Workers custom domain <c>mta-sts.&lt;domain&gt;</c>, which brings
/// its DNS record and certificate (RFC 8461 §3.3).
/// </summary>
public sealed class CloudflareHosting : PolicyHosting
{
    /// <summary>The Cloudflare account that owns the Worker.</summary>
    public required Input<string> AccountId { get; set; }

    /// <summary>The Cloudflare zone of the domain; the custom domain and, by default, the TXT records go here.</summary>
    public required Input<string> ZoneId { get; set; }

    /// <summary>The Worker name; the default is derived from the domain, e.g. <c>mta-sts-example-com</c>.</summary>
    public string? ScriptName { get; set; }

    /// <summary>
    /// The Worker environment the custom domain routes to: a script uploaded without environments has only this one.
    /// The provider requires it.
    /// </summary>
    internal const string WorkerEnvironment = "production";

    /// <summary>The binding type of an R2 bucket in a Workers script upload.</summary>
    internal const string R2BindingType = "r2_bucket";

    internal override DnsZone DefaultZone => new CloudflareZone { ZoneId = ZoneId };

    internal override Diagnostic? Reject(DnsZone zone) => zone is CloudflareZone
        ? null
        : new Diagnostic(Severity.Error, "Dns", zone.GetType().Name,
            "a Workers custom domain lives in the Cloudflare zone of the domain; publish the records there (CloudflareZone)",
            "RFC 8461 §3.3");

    internal override Served Serve(string name, DeploymentPlan plan, DnsZone zone, Resource parent)
    {
        var child = new CustomResourceOptions { Parent = parent };

        // The ES-module Worker rendered by the core: exact bytes, text/plain, 404/405 otherwise, never a redirect.
        var script = new WorkersScript($"{name}-worker", new WorkersScriptArgs
        {
            AccountId = AccountId,
            ScriptName = ScriptName ?? WorkerScript.NameFor(plan.Domain),
            Content = WorkerScript.Render(plan),
            MainModule = WorkerScript.MainModule,
            CompatibilityDate = WorkerScript.CompatibilityDate,
        }, child);

        // The custom domain creates the proxied DNS record and the edge certificate for mta-sts.<domain>.
        var customDomain = new WorkersCustomDomain($"{name}-custom-domain", new WorkersCustomDomainArgs
        {
            AccountId = AccountId,
            ZoneId = zone.ZoneId,
            Hostname = plan.HostName,
            Service = script.ScriptName,
            Environment = WorkerEnvironment,
        }, child);

        var reports = plan.ReportEndpoint is { } endpoint ? CollectReports(name, plan.Domain, endpoint, zone, customDomain, parent) : null;
        return new Served([script, customDomain], reports);
    }

    /// <summary>
    /// The report endpoint (RFC 8460 §5.4, docs/reports-endpoint.md): a Worker rendered by the core on a route for the one
    /// path of the policy host, storing every report in an R2 bucket. R2 encrypts every object at rest, and a bucket
    /// has no public access until one is turned on; only the Worker's binding writes to it.
    /// </summary>
    private ReportCollection CollectReports(string name, DomainName domain, ReportEndpoint endpoint, DnsZone zone, Resource customDomain, Resource parent)
    {
        var child = new CustomResourceOptions { Parent = parent };
        var reportName = ReportEndpoint.NameFor(domain);
        var bucket = new R2Bucket($"{name}-reports", new R2BucketArgs { AccountId = AccountId, Name = reportName }, child);
        var script = new WorkersScript($"{name}-report-worker", new WorkersScriptArgs
        {
            AccountId = AccountId,
            ScriptName = reportName,
            Content = ReportWorkerScript.Render(endpoint),
            MainModule = ReportWorkerScript.MainModule,
            CompatibilityDate = ReportWorkerScript.CompatibilityDate,
            Bindings =
            {
                new Pulumi.Cloudflare.Inputs.WorkersScriptBindingArgs
                {
                    Name = ReportWorkerScript.BucketBinding,
                    Type = R2BindingType,
                    BucketName = bucket.Name,
                },
            },
        }, child);

        // A route on a custom domain's host runs before the custom domain's Worker: this one path reaches the report
        // Worker, every other path stays the policy Worker's.
        var route = new WorkersRoute($"{name}-report-route", new WorkersRouteArgs
        {
            ZoneId = zone.ZoneId,
            Pattern = endpoint.HostName + ReportEndpoint.Path,
            Script = script.ScriptName,
        }, new CustomResourceOptions { Parent = parent, DependsOn = { customDomain } });

        // R2 speaks the S3 API at the account's endpoint (an R2 API token's key id and secret as AWS credentials).
        Output<string> account = AccountId;
        return new ReportCollection([bucket, script, route], bucket.Name, Output.Format(
            $"aws s3 sync s3://{bucket.Name}/{ReportEndpoint.KeyPrefix} {ReportCollection.LocalDirectory}/ --endpoint-url https://{account}.r2.cloudflarestorage.com && {ReportCollection.Summarize}"));
    }
}
