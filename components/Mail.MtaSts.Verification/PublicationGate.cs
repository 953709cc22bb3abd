using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace Mail.MtaSts.Verification;

/// <summary>
/// Holds back the publication of a new policy id until the policy host is seen serving the new bytes (RFC 8461 §8.1:
/// update the policy before the id). A sender that sees the new id fetches the policy once and caches it for max_age;
/// if it gets the old bytes then, it keeps them under the new id, and nothing makes it fetch again until the id
/// changes once more. So the gate fetches <c>https://mta-sts.&lt;domain&gt;/.well-known/mta-sts.txt</c> the way a
/// sender does (RFC 8461 §3.3) until <see cref="PublicationGateOptions.ConsecutiveMatches"/> fetches in a row get
/// exactly the new bytes, within <see cref="PublicationGateOptions.MaxWait"/>, backing off while they do not.
/// </summary>
/// <remarks>
/// Every fetch resolves <c>mta-sts.&lt;domain&gt;</c> afresh (no DNS cache) and opens a new connection with SNI, TLS 1.2
/// or later and the sender's trust rules; redirects are not followed. A fetch counts only when a sender would take the
/// answer: trusted certificate for the host, status 200, <c>text/plain</c>, and the same bytes (the core's
/// <see cref="PolicyResponse"/> decides). The gate never changes anything; what to do with its result is the caller's.
/// </remarks>
public sealed class PublicationGate
{
    private readonly TimeSpan timeout;
    private readonly int consecutiveMatches;
    private readonly TimeSpan maxWait;
    private readonly TimeSpan retryDelay;
    private readonly TimeSpan maxRetryDelay;
    private readonly int httpsPort;
    private readonly IPEndPoint? dnsServer;
    private readonly X509ChainPolicy trust;

    /// <summary>
    /// Creates a gate; <paramref name="options"/> are read now, later changes to them do not count. Nothing is looked up
    /// or fetched before <see cref="WaitAsync"/>, so a gate can be made (and its options checked) where no name server
    /// is configured, as in a preview.
    /// </summary>
    /// <exception cref="MtaStsException">
    /// A setting cannot work; the message names every such field with its value and rule (a DNS server of 0.0.0.0, ::
    /// or port 0; a timeout, wait or delay of 0 or more than a day; a maximum delay under the delay; 0 or more than 100
    /// matches; a wait too short for the matches, RetryDelay apart).
    /// </exception>
    public PublicationGate(PublicationGateOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Problems() is { Count: > 0 } problems)
        {
            throw new MtaStsException(problems);
        }

        timeout = options.Timeout;
        consecutiveMatches = options.ConsecutiveMatches;
        maxWait = options.MaxWait;
        retryDelay = options.RetryDelay;
        maxRetryDelay = options.MaxRetryDelay;
        httpsPort = options.HttpsPort;
        dnsServer = options.DnsServer is { } server ? new IPEndPoint(server.Address, server.Port) : null;
        trust = CertificateChecks.Trust([.. options.TrustRoots]);
    }

    /// <summary>
    /// Fetches the policy of <paramref name="domain"/> until <see cref="PublicationGateOptions.ConsecutiveMatches"/>
    /// fetches in a row get exactly <paramref name="policy"/>, or <see cref="PublicationGateOptions.MaxWait"/> has
    /// passed. Never throws for anything the network does: a failed fetch is a fetch without the bytes.
    /// </summary>
    /// <param name="domain">The mail domain (the part after @); the policy host is <c>mta-sts.</c> in front of it (RFC 8461 §3.3).</param>
    /// <param name="policy">The exact bytes the host must serve: the new policy, whose id is to be published.</param>
    /// <param name="waiting">Called before each wait with the fetch just made and the wait, e.g. to log progress.</param>
    /// <param name="cancellationToken">Stops the gate; unlike <see cref="PublicationGateOptions.MaxWait"/>, this throws.</param>
    /// <exception cref="MtaStsException">
    /// The domain is not a domain name, or the bytes are not a valid policy (RFC 8461 §3.2), or no DNS server is given and
    /// the machine has none (field <c>DnsServer</c>: none on its network interfaces, no <c>nameserver</c> line in /etc/resolv.conf).
    /// </exception>
    public async Task<PublicationGateResult> WaitAsync(
        string domain, ReadOnlyMemory<byte> policy, Action<ServedPolicy, TimeSpan>? waiting = null, CancellationToken cancellationToken = default)
    {
        var name = DomainName.TryParse(domain, nameof(domain));
        var parsed = Policy.Parse(policy.Span);
        if (name.Value is null || !parsed.IsValid)
        {
            throw new MtaStsException([.. name.Errors, .. parsed.Errors]);
        }

        var host = $"{DeploymentPlan.HostLabel}.{name.Value}";
        var dns = new DnsLookup(dnsServer, timeout);
        var started = Stopwatch.GetTimestamp();
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bound.CancelAfter(maxWait);
        var (fetches, matches, run, flapped, delay) = (0, 0, 0, false, retryDelay);
        ServedPolicy? instead = null;
        while (true)
        {
            var (served, cut) = await FetchAsync(dns, fetches + 1, host, policy, bound, cancellationToken);
            if (cut)
            {
                // A fetch the bound cut short is not counted, and names what happened only when nothing else was seen.
                instead ??= served;
                break;
            }

            fetches++;
            TimeSpan wait;
            if (served.Matches)
            {
                (matches, run, wait, delay) = (matches + 1, run + 1, retryDelay, retryDelay);
                if (run >= consecutiveMatches)
                {
                    break;
                }
            }
            else
            {
                (flapped, run, instead, wait) = (flapped || matches > 0, 0, served, delay);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, maxRetryDelay.Ticks));
            }

            // No fetch starts after the bound: a wait that would end there ends the gate now.
            if (Stopwatch.GetElapsedTime(started) + wait >= maxWait)
            {
                break;
            }

            waiting?.Invoke(served, wait);
            try
            {
                await Task.Delay(wait, bound.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                break;
            }
        }

        return new PublicationGateResult(new Uri($"https://{host}{DeploymentPlan.PolicyPath}"), PolicyId.ForPolicy(policy.Span), consecutiveMatches,
            run >= consecutiveMatches, fetches, matches, run, flapped, Stopwatch.GetElapsedTime(started), maxWait, instead);
    }

    /// <summary>
    /// One fetch as a sender makes it, within <see cref="PublicationGateOptions.Timeout"/>; <c>Cut</c> when the bound
    /// (<see cref="PublicationGateOptions.MaxWait"/>) stopped it first.
    /// </summary>
    private async Task<(ServedPolicy Served, bool Cut)> FetchAsync(
        DnsLookup dns, int number, string host, ReadOnlyMemory<byte> expected, CancellationTokenSource bound, CancellationToken caller)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(bound.Token);
        deadline.CancelAfter(timeout);
        var phase = "looking up " + host;
        PolicyFetch? fetch = null;
        try
        {
            var addresses = await dns.AddressesAsync(host, deadline.Token).WaitAsync(deadline.Token);
            if (addresses.Records.Count == 0)
            {
                return (new ServedPolicy(number, $"{host} does not resolve: {addresses.Error ?? "no A or AAAA record"}"), false);
            }

            fetch = new PolicyFetch(trust);
            await fetch.RunAsync(host, addresses.Records, httpsPort, deadline.Token);
            return (Judge(number, host, fetch, expected.Span), false);
        }
        catch (OperationCanceledException) when (!caller.IsCancellationRequested)
        {
            var limit = bound.IsCancellationRequested ? $"before the gate's {Seconds(maxWait)} were up" : $"within {Seconds(timeout)}";
            return (new ServedPolicy(number, $"no answer {limit}, while {fetch?.Phase ?? phase}"), bound.IsCancellationRequested);
        }
        finally
        {
            fetch?.Tls.Dispose();
        }
    }

    /// <summary>The facts of one fetch, judged by the core's fetch rules (RFC 8461 §3.2, §3.3) and compared with the bytes.</summary>
    private ServedPolicy Judge(int number, string host, PolicyFetch fetch, ReadOnlySpan<byte> expected)
    {
        if (fetch.ConnectError is not null)
        {
            return new ServedPolicy(number, $"cannot connect to {host} on port {httpsPort}: {fetch.ConnectError}");
        }

        if (fetch.TlsError is not null)
        {
            return new ServedPolicy(number, $"the TLS handshake with {host} at {fetch.Endpoint} failed: {fetch.TlsError}");
        }

        if (fetch.HttpError is not null || fetch.Status is not { } status)
        {
            return new ServedPolicy(number, $"GET {DeploymentPlan.PolicyPath} from {host} at {fetch.Endpoint} failed: {fetch.HttpError}");
        }

        const string Section = "RFC 8461 §3.3";
        var untrusted = CertificateChecks.Evaluate(CheckArea.PolicyHost, host, fetch.Tls, trust, Section, CheckStatus.Fail)
            .Where(c => c.Refusal is not null)
            .Select(c => c.Check.Message)
            .FirstOrDefault();
        // What makes a sender refuse the answer whatever its bytes; the bytes themselves are compared, not parsed. The
        // content type of an answer other than 200 is an error page's, not the policy's (RFC 8461 §3.3).
        var refusals = new PolicyResponse(status, fetch.ContentType, fetch.Body, untrusted).Evaluate().Errors
            .Where(d => d.Field is "certificate" or "status" || (d.Field == "Content-Type" && status == 200))
            .Select(d => d.Field == "certificate" ? $"{d.Value} ({d.Section})" : $"{d.Field} \"{ServedText.Printable(d.Value)}\": {d.Rule} ({d.Section})")
            .ToList();
        return new ServedPolicy(number, fetch.Endpoint, status, fetch.ContentType, fetch.Body, expected,
            refusals.Count > 0 ? string.Join("; ", refusals) : null);
    }

    private static string Seconds(TimeSpan time) => time.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s";
}
