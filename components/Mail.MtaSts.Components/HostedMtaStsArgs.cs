using Mail.MtaSts.Hosted;

namespace Mail.MtaSts.Components;

/// <summary>
/// The inputs of <see cref="HostedMtaSts"/>: the provider's names and report URIs and every hosted domain, as plain
/// values that the core checks (<see cref="HostedPlan.Create"/>) before any resource exists.
/// </summary>
public sealed class HostedMtaStsArgs
{
    /// <summary>The provider's zone, e.g. <c>provider.example</c>, where each domain's TXT records live.</summary>
    public string Zone { get; set; } = "";

    /// <summary>The policy host every owner's <c>mta-sts.&lt;domain&gt;</c> is a CNAME to; <c>mta-sts.&lt;zone&gt;</c> when empty.</summary>
    public string? PolicyHost { get; set; }

    /// <summary>The provider's TLS-RPT report URIs (RFC 8460 §3), for every domain that does not give its own.</summary>
    public IList<string> Rua { get; set; } = [];

    /// <summary>
    /// The hosted domains: each its mx patterns, mode, max_age and optional report URIs. To remove one, set
    /// <see cref="HostedDomainSettings.Retire"/> first and keep it until the old max_age has passed (RFC 8461 §8.3;
    /// docs/hosted.md, "Remove a domain").
    /// </summary>
    public IList<HostedDomainSettings> Domains { get; set; } = [];

    /// <summary>Where the serving stack runs: <c>CloudflareHostedServing</c> or <c>AwsHostedServing</c>.</summary>
    public HostedServing? Serving { get; set; }

    /// <summary>The provider's zone as a DNS zone (<c>Route53Zone</c> or <c>CloudflareZone</c>); the default is the serving's.</summary>
    public DnsZone? Dns { get; set; }

    /// <summary>
    /// The post-deploy verification of every domain whose owner has published the three CNAMEs; the others are
    /// reported as waiting for the owner's CNAMEs, which never fails the update. Its DNS server serves the enforce guard too.
    /// </summary>
    public VerificationArgs Verification { get; set; } = new();
}
