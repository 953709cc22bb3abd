using Mail.MtaSts.Hosted;
using Mail.MtaSts.Hosting;
using Pulumi;
using Pulumi.Cloudflare;
using Pulumi.Cloudflare.Inputs;

namespace Mail.MtaSts.Components.Cloudflare;

/// <summary>
/// A provider's one serving stack on Cloudflare: ONE Worker (the core's <see cref="HostedWorkerScript"/>: Host → exact
/// policy bytes, 404 for unknown hosts) for every hosted domain. Owners' <c>mta-sts.&lt;domain&gt;</c> names reach it
/// through Cloudflare for SaaS: a custom hostname each, whose certificate is validated over HTTP once the owner's CNAME
/// points at the policy host (RFC 8461 §3.3); domains whose zone is in the provider's own account
/// (<see cref="AccountZones"/>) get a Workers custom domain instead. Per domain: one resource here, two TXT records.
/// </summary>
public sealed class CloudflareHostedServing : HostedServing
{
    /// <summary>
    /// The address of the policy host's proxied record: Cloudflare's documented "originless" address (RFC 6666 discard
    /// prefix): requests never leave Cloudflare, the Worker answers them.
    /// </summary>
    internal const string OriginlessAddress = "100::";

    /// <summary>The Cloudflare account that owns the Worker.</summary>
    public required Input<string> AccountId { get; set; }

    /// <summary>
    /// The provider's Cloudflare zone, with Cloudflare for SaaS enabled: the policy host, the custom hostnames and, by
    /// default, the TXT records live here.
    /// </summary>
    public required Input<string> ZoneId { get; set; }

    /// <summary>The Worker name; the default is derived from the provider's zone (<see cref="HostedWorkerScript.NameFor"/>).</summary>
    public string? ScriptName { get; set; }

    /// <summary>
    /// Hosted domains whose zone is in the provider's own Cloudflare account, by domain → zone id: their
    /// <c>mta-sts.&lt;domain&gt;</c> becomes a Workers custom domain of the one Worker (which creates its DNS record)
    /// instead of a custom hostname. Their owners still publish the <c>_mta-sts</c> and <c>_smtp._tls</c> CNAMEs.
    /// </summary>
    public IDictionary<string, Input<string>> AccountZones { get; set; } = new Dictionary<string, Input<string>>();

    internal override DnsZone DefaultZone => new CloudflareZone { ZoneId = ZoneId };

    internal override IEnumerable<Diagnostic> Reject(HostedPlan plan, DnsZone zone)
    {
        foreach (var key in AccountZones.Keys)
        {
            var parsed = DomainName.TryParse(key, "CloudflareHostedServing.AccountZones").Value;
            if (parsed is null || plan.Domains.All(d => d.Domain != parsed))
            {
                yield return new Diagnostic(Severity.Error, "CloudflareHostedServing.AccountZones", key,
                    "is not one of the hosted domains: a Workers custom domain is made only for a domain the Worker serves",
                    "RFC 8461 §3.3");
            }
        }
    }

    internal override HostedServed Serve(string name, HostedPlan plan, DnsZone zone, Resource parent)
    {
        var child = new CustomResourceOptions { Parent = parent };
        var accountZones = AccountZones.ToDictionary(z => DomainName.Parse(z.Key), z => z.Value);

        // One Worker, every domain's exact bytes by Host (rendered by the core with Scriban).
        var script = new WorkersScript($"{name}-worker", new WorkersScriptArgs
        {
            AccountId = AccountId,
            ScriptName = ScriptName ?? HostedWorkerScript.NameFor(plan.Provider),
            Content = HostedWorkerScript.Render(plan),
            MainModule = HostedWorkerScript.MainModule,
            CompatibilityDate = HostedWorkerScript.CompatibilityDate,
        }, child);

        // The policy host the owners' CNAMEs point at: a proxied originless record, the fallback origin of the custom
        // hostnames, and a route sending the policy path of every host in the zone to the Worker.
        var policyHost = new DnsRecord($"{name}-policy-host", new DnsRecordArgs
        {
            ZoneId = ZoneId,
            Name = plan.Provider.PolicyHost,
            Type = "AAAA",
            Content = OriginlessAddress,
            Proxied = true,
            Ttl = 1,
        }, child);
        var fallback = new CustomHostnameFallbackOrigin($"{name}-fallback-origin", new CustomHostnameFallbackOriginArgs
        {
            ZoneId = ZoneId,
            Origin = plan.Provider.PolicyHost,
        }, new CustomResourceOptions { Parent = parent, DependsOn = { policyHost } });
        var route = new WorkersRoute($"{name}-route", new WorkersRouteArgs
        {
            ZoneId = ZoneId,
            Pattern = "*" + DeploymentPlan.PolicyPath,
            Script = script.ScriptName,
        }, child);

        var byDomain = new Dictionary<DomainName, IReadOnlyList<Resource>>();
        foreach (var domain in plan.Domains)
        {
            var label = domain.Delegation.Label;
            Resource host = accountZones.TryGetValue(domain.Domain, out var ownZone)
                ? new WorkersCustomDomain($"{name}-{label}-custom-domain", new WorkersCustomDomainArgs
                {
                    AccountId = AccountId,
                    ZoneId = ownZone,
                    Hostname = domain.HostName,
                    Service = script.ScriptName,
                    Environment = CloudflareHosting.WorkerEnvironment,
                }, child)
                : new CustomHostname($"{name}-{label}-custom-hostname", new CustomHostnameArgs
                {
                    ZoneId = ZoneId,
                    Hostname = domain.HostName,
                    // DV certificate for mta-sts.<domain> itself (RFC 8461 §3.3), validated over HTTP once the owner's
                    // CNAME points here; TLS 1.2 or later (RFC 8461 §7.2).
                    Ssl = new CustomHostnameSslArgs
                    {
                        Method = "http",
                        Type = "dv",
                        Settings = new CustomHostnameSslSettingsArgs { MinTlsVersion = "1.2" },
                    },
                }, new CustomResourceOptions { Parent = parent, DependsOn = { fallback } });
            byDomain[domain.Domain] = [host];
        }

        return new HostedServed([script, policyHost, fallback, route], byDomain);
    }
}
