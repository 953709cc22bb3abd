using DnsClient;

namespace Mail.MtaSts.Components;

/// <summary><see cref="IMxLookup"/> through the system's resolvers, with DnsClient.</summary>
internal sealed class DnsMxLookup(ILookupClient client) : IMxLookup
{
    /// <summary>A lookup through the resolvers the machine is configured with.</summary>
    public static readonly DnsMxLookup System = new(new LookupClient());

    public async Task<IReadOnlyList<string>> ExchangesAsync(DomainName domain, CancellationToken cancellationToken = default)
    {
        var response = await client.QueryAsync(domain.Value, QueryType.MX, QueryClass.IN, cancellationToken);
        if (response.HasError && response.Header.ResponseCode != DnsHeaderResponseCode.NotExistentDomain)
        {
            throw new InvalidOperationException($"the MX lookup of {domain} failed: {response.ErrorMessage}");
        }

        // A null MX (exchange ".", RFC 7505) means the domain accepts no mail: it names no host.
        return response.Answers.MxRecords()
            .Select(mx => mx.Exchange.Value.TrimEnd('.'))
            .Where(host => host.Length > 0)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToArray();
    }
}
