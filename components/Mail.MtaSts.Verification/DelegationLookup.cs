using System.Net;
using Mail.MtaSts.Hosted;

namespace Mail.MtaSts.Verification;

/// <summary>
/// Looks up what an owner's DNS holds at the three names of a delegation (<see cref="Delegation"/>), one hop at a time:
/// the CNAME at each name itself, and when there is none, the TXT records (<c>_mta-sts</c>, <c>_smtp._tls</c>) or the
/// addresses (<c>mta-sts</c>) that would block one (RFC 1034 §3.6.2). No cache: a retry sees new records.
/// </summary>
public sealed class DelegationLookup
{
    private readonly DnsLookup dns;

    /// <summary>A lookup through <paramref name="dnsServer"/> (the system's resolvers when null).</summary>
    public DelegationLookup(IPEndPoint? dnsServer = null, TimeSpan? timeout = null)
    {
        dns = new DnsLookup(dnsServer, timeout ?? TimeSpan.FromSeconds(10));
    }

    /// <summary>The state of each of the three names of <paramref name="delegation"/>.</summary>
    public async Task<DelegationState> LookupAsync(Delegation delegation, CancellationToken cancellationToken = default)
    {
        var names = await Task.WhenAll(delegation.Records.Select(r => StateAsync(r, cancellationToken)));
        return new DelegationState(delegation, names);
    }

    /// <summary>
    /// Why the owner of <paramref name="domain"/> cannot publish the three CNAMEs, whatever their targets: other data at
    /// one of the names, or a lookup that failed (<see cref="DelegationState.Conflicts"/>). Used before the owner's
    /// component registers anything, with the targets still unknown (a provider's stack output).
    /// </summary>
    public async Task<IReadOnlyList<Diagnostic>> ConflictsAsync(DomainName domain, CancellationToken cancellationToken = default)
    {
        string[] names = [$"{DeploymentPlan.HostLabel}.{domain}", $"{PolicyRecord.Label}.{domain}", $"{TlsRptRecord.Label}.{domain}"];
        var found = await Task.WhenAll(names.Select(n => StateAsync(new DnsCnameRecord(n, "", HostingProvider.DelegationTtl), cancellationToken)));
        return DelegationState.ConflictsOf(found);
    }

    private async Task<DelegatedName> StateAsync(DnsCnameRecord expected, CancellationToken cancellationToken)
    {
        var cname = await dns.CnameAsync(expected.Name, cancellationToken);
        if (cname.Error is { } failed)
        {
            return new DelegatedName(expected, DelegatedNameState.LookupFailed, failed);
        }

        if (cname.Records.Count > 0)
        {
            var target = cname.Records[0];
            return string.Equals(target, expected.Target.TrimEnd('.'), StringComparison.OrdinalIgnoreCase)
                ? new DelegatedName(expected, DelegatedNameState.Published, target)
                : new DelegatedName(expected, DelegatedNameState.OtherTarget, target);
        }

        // No CNAME: anything else at the name itself blocks one. The policy host is looked up by address, the two
        // record names by TXT, as senders look them up (RFC 8461 §3.1, §3.3; RFC 8460 §3).
        var isHost = expected.Name.StartsWith(DeploymentPlan.HostLabel + ".", StringComparison.Ordinal);
        var (found, error) = isHost
            ? await Found(dns.AddressesAsync(expected.Name, cancellationToken), a => a.ToString())
            : await Found(dns.TxtAsync(expected.Name, cancellationToken), t => $"TXT \"{t}\"");
        return error is not null
            ? new DelegatedName(expected, DelegatedNameState.LookupFailed, error)
            : found.Length > 0
                ? new DelegatedName(expected, DelegatedNameState.OtherData, found)
                : new DelegatedName(expected, DelegatedNameState.Missing, "");
    }

    private static async Task<(string Found, string? Error)> Found<T>(Task<DnsAnswer<T>> lookup, Func<T, string> show)
    {
        var answer = await lookup;
        return (string.Join(", ", answer.Records.Select(show)), answer.Error);
    }
}
