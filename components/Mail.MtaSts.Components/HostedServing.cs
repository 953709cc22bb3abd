using Mail.MtaSts.Hosted;
using Pulumi;

namespace Mail.MtaSts.Components;

/// <summary>
/// Where a provider's one serving stack for many domains runs: <c>CloudflareHostedServing</c> (one Worker, Cloudflare
/// for SaaS custom hostnames) or <c>AwsHostedServing</c> (a CloudFront multi-tenant distribution, a tenant per domain).
/// </summary>
public abstract class HostedServing
{
    private protected HostedServing()
    {
    }

    /// <summary>The provider's zone the TXT records go to when <see cref="HostedMtaStsArgs.Dns"/> is not set, or null.</summary>
    internal abstract DnsZone? DefaultZone { get; }

    /// <summary>Why this serving cannot take <paramref name="plan"/> or publish into <paramref name="zone"/>, each naming its field.</summary>
    internal virtual IEnumerable<Diagnostic> Reject(HostedPlan plan, DnsZone zone) => [];

    /// <summary>
    /// Creates the one serving stack for every domain of <paramref name="plan"/> as children of <paramref name="parent"/>,
    /// and the provider's policy host record in <paramref name="zone"/>.
    /// </summary>
    internal abstract HostedServed Serve(string name, HostedPlan plan, DnsZone zone, Resource parent);
}
