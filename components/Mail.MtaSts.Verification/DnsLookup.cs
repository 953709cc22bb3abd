using System.Net;
using DnsClient;
using DnsClient.Protocol;

namespace Mail.MtaSts.Verification;

/// <summary>
/// The verifier's only way to resolve names: every lookup (TXT, MX, TLSA and the addresses of the policy host and
/// the MX hosts) goes to the configured server. Answers are bounded by the DNS message size (64 KiB over TCP) and
/// CNAME chains by <see cref="MaxCnameChain"/>.
/// </summary>
internal sealed class DnsLookup
{
    /// <summary>The longest CNAME chain followed before giving up.</summary>
    internal const int MaxCnameChain = 8;

    /// <summary>The longest name in text form, without the final dot (RFC 1035 §2.3.4).</summary>
    private const int MaxNameLength = 253;

    private readonly LookupClient client;

    /// <summary>A client for <paramref name="server"/>, or the system's name servers (<see cref="SystemResolvers"/>).</summary>
    /// <exception cref="MtaStsException">No server is given and the system has none.</exception>
    internal DnsLookup(IPEndPoint? server, TimeSpan timeout)
    {
        var options = server is null ? SystemResolvers.Options() : new LookupClientOptions(server);
        options.UseCache = false; // a retry after propagation must see the new records
        options.Timeout = timeout < TimeSpan.FromSeconds(3) ? timeout : TimeSpan.FromSeconds(3);
        options.Retries = 1;
        options.ThrowDnsErrors = false;
        options.ContinueOnDnsError = false;
        options.ContinueOnEmptyResponse = false;
        options.UseTcpFallback = true;
        client = new LookupClient(options);
    }

    /// <summary>The TXT records at <paramref name="name"/>, each record's strings concatenated (RFC 8461 §3.1).</summary>
    internal async Task<DnsAnswer<string>> TxtAsync(string name, CancellationToken cancellationToken)
    {
        var answer = await QueryAsync(name, QueryType.TXT, cancellationToken);
        return answer.Map(r => r is TxtRecord t ? string.Concat(t.Text) : null);
    }

    /// <summary>The MX records at <paramref name="name"/>, lowest preference first.</summary>
    internal async Task<DnsAnswer<MxRecord>> MxAsync(string name, CancellationToken cancellationToken)
    {
        var answer = await QueryAsync(name, QueryType.MX, cancellationToken);
        var mapped = answer.Map(r => r as MxRecord);
        return mapped with { Records = [.. mapped.Records.OrderBy(m => m.Preference)] };
    }

    /// <summary>The TLSA records at <paramref name="name"/>.</summary>
    internal async Task<DnsAnswer<TlsaRecord>> TlsaAsync(string name, CancellationToken cancellationToken)
    {
        var answer = await QueryAsync(name, QueryType.TLSA, cancellationToken);
        return answer.Map(r => r as TlsaRecord);
    }

    /// <summary>The target of the CNAME at <paramref name="name"/> itself (one hop, not followed), or none.</summary>
    internal async Task<DnsAnswer<string>> CnameAsync(string name, CancellationToken cancellationToken)
    {
        var answer = await QueryAsync(name, QueryType.CNAME, cancellationToken);
        return answer.Map(r => r is CNameRecord c && string.Equals(c.DomainName.Value.TrimEnd('.'), name, StringComparison.OrdinalIgnoreCase)
            ? c.CanonicalName.Value.TrimEnd('.')
            : null);
    }

    /// <summary>The IPv4 then IPv6 addresses of <paramref name="name"/>.</summary>
    internal async Task<DnsAnswer<IPAddress>> AddressesAsync(string name, CancellationToken cancellationToken)
    {
        var v4 = QueryAsync(name, QueryType.A, cancellationToken);
        var v6 = QueryAsync(name, QueryType.AAAA, cancellationToken);
        var a = (await v4).Map(r => (r as ARecord)?.Address);
        var aaaa = (await v6).Map(r => (r as AaaaRecord)?.Address);
        var error = a.Records.Count + aaaa.Records.Count > 0 ? null : a.Error ?? aaaa.Error;
        return new DnsAnswer<IPAddress>([.. a.Records, .. aaaa.Records], a.Canonical, error);
    }

    private async Task<DnsAnswer<DnsResourceRecord>> QueryAsync(string name, QueryType type, CancellationToken cancellationToken)
    {
        var current = name;
        for (var hop = 0; hop <= MaxCnameChain; hop++)
        {
            // RFC 1035 §2.3.4: a name is at most 255 octets on the wire, 253 characters as text. A valid domain can
            // still be too long for _mta-sts. or _smtp._tls. in front of it; no sender can look such a name up.
            if (current.TrimEnd('.').Length > MaxNameLength)
            {
                return new DnsAnswer<DnsResourceRecord>([], current,
                    $"{type} {current}: the name is longer than DNS allows (255 octets, RFC 1035 §2.3.4)");
            }

            IDnsQueryResponse response;
            try
            {
                response = await client.QueryAsync(current, type, QueryClass.IN, cancellationToken);
            }
            catch (DnsResponseException e) when (e.Code == DnsResponseCode.ConnectionTimeout)
            {
                // No answer in time (or none at all, e.g. an ICMP port unreachable): said plainly, without the
                // client's query id and the cancellation it used to stop waiting.
                var servers = string.Join(", ", client.NameServers.Select(s => s.ToString()));
                var tries = client.Settings.Retries + 1;
                return new DnsAnswer<DnsResourceRecord>([], current,
                    $"{type} {current}: no answer from {servers} ({tries} tries, {client.Settings.Timeout.TotalSeconds:0.###} s each)");
            }
            catch (Exception e) when (e is DnsResponseException or DnsResponseParseException)
            {
                // A timeout, a refused or failed transport, or an answer that does not parse (DnsClient reports some
                // parse errors directly): the lookup failed, which is not the same as "no records".
                return new DnsAnswer<DnsResourceRecord>([], current, $"{type} {current}: {PolicyFetch.Describe(e)}");
            }
            catch (ArgumentException e)
            {
                // A name from an answer (an MX or CNAME target) may hold any octet (RFC 2181 §11); DnsClient refuses to
                // query some, e.g. a label that its escapes (\255) make longer than 63 characters. No lookup, no records.
                return new DnsAnswer<DnsResourceRecord>([], current, $"{type} {current}: the name cannot be looked up: {PolicyFetch.Describe(e)}");
            }

            if (response.HasError)
            {
                var error = response.Header.ResponseCode == DnsHeaderResponseCode.NotExistentDomain
                    ? null // NXDOMAIN: simply no records
                    : $"{type} {current}: {response.ErrorMessage}";
                return new DnsAnswer<DnsResourceRecord>([], current, error);
            }

            // RFC 8461 §3.1 and §8.2: the record may be delegated by CNAME. A resolver answers with the chain and the
            // target's records; a server without the target answers with the CNAME only, and we follow it ourselves.
            if (Canonical(response, current) is not { } canonical)
            {
                return new DnsAnswer<DnsResourceRecord>([], current, $"{type} {name}: {Unfollowable}");
            }

            var records = response.Answers.Where(r => r.RecordType == (ResourceRecordType)type).ToList();
            if (records.Count > 0 || string.Equals(canonical, current, StringComparison.OrdinalIgnoreCase))
            {
                return new DnsAnswer<DnsResourceRecord>(records, canonical, null);
            }

            current = canonical;
        }

        return new DnsAnswer<DnsResourceRecord>([], current, $"{type} {name}: {Unfollowable}");
    }

    private static string Unfollowable => $"a CNAME loop or a CNAME chain longer than {MaxCnameChain}";

    /// <summary>
    /// The name at the end of the CNAMEs in <paramref name="response"/> that start at <paramref name="name"/>;
    /// <c>null</c> when they loop or go on longer than <see cref="MaxCnameChain"/>.
    /// </summary>
    private static string? Canonical(IDnsQueryResponse response, string name)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { name };
        var canonical = name;
        while (response.Answers.CnameRecords()
            .FirstOrDefault(c => string.Equals(c.DomainName.Value.TrimEnd('.'), canonical, StringComparison.OrdinalIgnoreCase)) is { } alias)
        {
            canonical = alias.CanonicalName.Value.TrimEnd('.');
            if (!seen.Add(canonical) || seen.Count > MaxCnameChain + 1)
            {
                return null;
            }
        }

        return canonical;
    }
}
