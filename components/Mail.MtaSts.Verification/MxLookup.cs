using System.Net;
using DnsClient.Protocol;

namespace Mail.MtaSts.Verification;

/// <summary>
/// Looks up a domain's MX records as a sender does before it delivers (RFC 5321 §5.1), through the given DNS server or
/// the system's resolvers. Nothing is cached: every lookup asks the server, so a changed MX is seen as soon as the
/// server sees it, however long the process runs. The <see cref="Verifier"/>'s MX checks and the Pulumi component's
/// enforce guard both look up MX records through this.
/// </summary>
public sealed class MxLookup
{
    private readonly DnsLookup dns;

    /// <summary>Creates a lookup; nothing is sent before <see cref="LookupAsync"/>.</summary>
    /// <param name="dnsServer">The DNS server to ask; <c>null</c> uses the system's name servers.</param>
    /// <param name="timeout">How long one lookup may take in all (default 10 s, at most 1 day).</param>
    /// <exception cref="MtaStsException">
    /// The DNS server is 0.0.0.0 or :: or its port 0, or the timeout is not more than 0 or more than 1 day (each named
    /// with its value and rule); or no DNS server is given and the machine has none (field <c>DnsServer</c>): none on
    /// its network interfaces and no <c>nameserver</c> line in /etc/resolv.conf.
    /// </exception>
    public MxLookup(IPEndPoint? dnsServer = null, TimeSpan? timeout = null)
    {
        Timeout = timeout ?? TimeSpan.FromSeconds(10);
        var problems = new List<Diagnostic>();
        if (dnsServer is not null && !VerificationOptions.IsDnsServer(dnsServer))
        {
            problems.Add(new Diagnostic(Severity.Error, "DnsServer", dnsServer.ToString(), VerificationOptions.DnsServerRule, VerificationOptions.DnsServerSections));
        }

        if (Timeout <= TimeSpan.Zero || Timeout > TimeSpan.FromDays(1))
        {
            problems.Add(new Diagnostic(Severity.Error, "Timeout", Timeout.ToString(), "a lookup needs a deadline longer than 0 and at most 1 day", "RFC 5321 §5.1"));
        }

        if (problems.Count > 0)
        {
            throw new MtaStsException(problems);
        }

        dns = new DnsLookup(dnsServer is null ? null : new IPEndPoint(dnsServer.Address, dnsServer.Port), Timeout);
    }

    internal MxLookup(DnsLookup dns, TimeSpan timeout)
    {
        this.dns = dns;
        Timeout = timeout;
    }

    private TimeSpan Timeout { get; }

    /// <summary>The MX hosts of <paramref name="domain"/>.</summary>
    /// <exception cref="MtaStsException">The lookup failed (no answer in time, SERVFAIL, an answer that does not parse); NXDOMAIN is no MX records.</exception>
    public async Task<MxHosts> LookupAsync(DomainName domain, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(domain);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Timeout);
        (DnsAnswer<MxRecord> Records, MxHosts Hosts) answer;
        try
        {
            answer = await AnswerAsync(domain.Value, deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            answer = (new DnsAnswer<MxRecord>([], domain.Value, $"MX {domain}: no answer within {Timeout.TotalSeconds:0.###} s"), MxHosts.FromExchanges([]));
        }

        return answer.Records.Error is { } error
            ? throw new MtaStsException([new Diagnostic(Severity.Error, "MX", domain.Value,
                $"the MX lookup failed ({error}): the MX hosts senders deliver to are not known", "RFC 5321 §5.1")])
            : answer.Hosts;
    }

    /// <summary>The MX records of <paramref name="domain"/>, lowest preference first, or why the lookup failed, with their hosts.</summary>
    internal async Task<(DnsAnswer<MxRecord> Records, MxHosts Hosts)> AnswerAsync(string domain, CancellationToken cancellationToken)
    {
        var answer = await dns.MxAsync(domain, cancellationToken).WaitAsync(cancellationToken);
        return (answer, MxHosts.FromExchanges(answer.Records.Select(r => r.Exchange.Value)));
    }
}
