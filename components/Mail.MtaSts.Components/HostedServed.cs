using Mail.MtaSts.Hosted;
using Pulumi;

namespace Mail.MtaSts.Components;

/// <summary>What a hosted serving deployed.</summary>
/// <param name="Shared">The resources every domain's bytes depend on (the Worker, the distribution, the function).</param>
/// <param name="ByDomain">
/// Per domain, the resources that serve its bytes: its <c>_mta-sts</c> record waits on these and <paramref name="Shared"/>
/// only (RFC 8461 §8.1, per domain).
/// </param>
internal sealed record HostedServed(IReadOnlyList<Resource> Shared, IReadOnlyDictionary<DomainName, IReadOnlyList<Resource>> ByDomain)
{
    /// <summary>Everything that must be live before <paramref name="domain"/>'s id is published.</summary>
    public Resource[] For(HostedDomain domain) =>
        [.. Shared, .. ByDomain.TryGetValue(domain.Domain, out var own) ? own : []];
}
