using System.Text.Json.Serialization;
using Mail.MtaSts;
using Mail.MtaSts.Components;
using Mail.MtaSts.Components.Cloudflare;
using Mail.MtaSts.Hosted;
using Pulumi;

// A provider hosting MTA-STS and TLS-RPT for many domains on Cloudflare: one Worker, a Cloudflare for SaaS custom
// hostname per domain, the TXT records in the provider's zone. Owners publish the three CNAMEs of `pulumi stack output table`.
return await Deployment.RunAsync(() =>
{
    var config = new Config();
    var provider = new HostedMtaSts("provider", new HostedMtaStsArgs
    {
        Zone = config.Require("zone"),
        Rua = config.GetObject<string[]>("rua") ?? [],
        Domains = [.. (config.RequireObject<DomainEntry[]>("domains")).Select(d => d.Settings())],
        Serving = new CloudflareHostedServing
        {
            AccountId = config.Require("cloudflareAccountId"),
            ZoneId = config.Require("cloudflareZoneId"),
        },
    });

    return new Dictionary<string, object?>
    {
        ["policyHost"] = provider.PolicyHost,
        ["delegations"] = provider.Delegations,
        ["table"] = provider.Table,
        ["retiring"] = provider.Retiring,
    };
});

/// <summary>One entry of the <c>domains</c> configuration list.</summary>
internal sealed record DomainEntry(
    [property: JsonPropertyName("domain")] string Domain,
    [property: JsonPropertyName("mx")] string[] Mx,
    [property: JsonPropertyName("mode")] string? Mode,
    [property: JsonPropertyName("maxAge")] long? MaxAge,
    [property: JsonPropertyName("rua")] string[]? Rua,
    [property: JsonPropertyName("retire")] bool? Retire)
{
    public HostedDomainSettings Settings() => new()
    {
        Domain = Domain,
        Mx = Mx,
        Mode = Enum.Parse<PolicyMode>(Mode ?? "testing", ignoreCase: true),
        MaxAge = MaxAge ?? PolicySettings.DefaultMaxAge,
        Rua = Rua ?? [],
        Retire = Retire ?? false,
    };
}
