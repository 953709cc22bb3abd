using Mail.MtaSts.Hosting;
using Pulumi;
using Pulumi.Cloudflare;

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

    internal override DnsZone DefaultZone => new CloudflareZone { ZoneId = ZoneId };

    internal override Diagnostic? Reject(DnsZone zone) => zone is CloudflareZone
        ? null
        : new Diagnostic(Severity.Error, "Dns", zone.GetType().Name,
            "a Workers custom domain lives in the Cloudflare zone of the domain; publish the records there (CloudflareZone)",
            "RFC 8461 §3.3");

    internal override IReadOnlyList<Resource> Serve(string name, DeploymentPlan plan, DnsZone zone, Resource parent)
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

        return [script, customDomain];
    }
}
