using System.Runtime.CompilerServices;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Channels;

namespace Mail.MtaSts.Verification;

/// <summary>
/// Checks a live MTA-STS and TLS-RPT deployment the way a sending MTA sees it: DNS records, the HTTPS policy host,
/// the MX hosts' STARTTLS, and the TLS-RPT record. It gathers facts from the network only; every RFC rule is the
/// core's (<see cref="PolicyRecord"/>, <see cref="Policy"/>, <see cref="MxPattern"/>, <see cref="TlsRptRecord"/>).
/// A domain's checks never outlast <see cref="VerificationOptions.Timeout"/>; network failures become failed checks.
/// </summary>
public sealed class Verifier
{
    private readonly VerificationSettings settings;
    private readonly DnsLookup dns;
    private readonly MxLookup mx;
    private readonly X509ChainPolicy trust;

    /// <summary>Creates a verifier with a copy of <paramref name="options"/>: changing them afterwards changes nothing here.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A timeout, concurrency, attempt count or delay is out of range (waits: at most 1 day).</exception>
    /// <exception cref="ArgumentException">
    /// The DNS server is 0.0.0.0 or :: or its port 0 (changed after it was set: IPEndPoint is mutable), or the expected
    /// policy is not a valid policy (RFC 8461 §3.2).
    /// </exception>
    /// <exception cref="MtaStsException">
    /// No DNS server is given and the machine has none: none on its network interfaces and no <c>nameserver</c> line in
    /// /etc/resolv.conf (the field <c>DnsServer</c>, naming the fix). Said once here, not as a failed lookup per check.
    /// </exception>
    public Verifier(VerificationOptions options)
    {
        settings = VerificationSettings.From(options);
        dns = new DnsLookup(settings.DnsServer, settings.Timeout);
        mx = new MxLookup(dns, settings.Timeout);
        trust = CertificateChecks.Trust(settings.TrustRoots);
    }

    /// <summary>Verifies one domain within the deadline; never throws for anything the network does.</summary>
    /// <param name="domain">The mail domain (the part after @), e.g. <c>example.com</c>.</param>
    /// <param name="cancellationToken">Stops the verification; unlike the deadline, this throws.</param>
    public async Task<VerificationReport> VerifyAsync(string domain, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(domain);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(settings.Timeout);
        var run = new DomainVerification(new VerificationContext(dns, mx, settings, trust, deadline.Token, cancellationToken));
        return await run.RunAsync(domain);
    }

    /// <summary>
    /// Verifies many domains, <see cref="VerificationOptions.Concurrency"/> at a time, yielding each report as it
    /// completes (not in input order). Stopping the enumeration early cancels the verifications still running.
    /// </summary>
    public async IAsyncEnumerable<VerificationReport> VerifyAllAsync(
        IEnumerable<string> domains, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(domains);
        var reports = Channel.CreateBounded<VerificationReport>(settings.Concurrency);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = settings.Concurrency, CancellationToken = stop.Token };
        var producer = Task.Run(async () =>
        {
            try
            {
                await Parallel.ForEachAsync(domains, parallel, async (domain, ct) =>
                    await reports.Writer.WriteAsync(await VerifyAsync(domain, ct), ct));
                reports.Writer.Complete();
            }
            catch (Exception e)
            {
                reports.Writer.Complete(e);
            }
        }, CancellationToken.None);

        try
        {
            await foreach (var report in reports.Reader.ReadAllAsync(cancellationToken))
            {
                yield return report;
            }
        }
        finally
        {
            // A consumer that stops early (break, an exception) must not leave verifications running, or writers
            // blocked on the full channel for good.
            await stop.CancelAsync();
            await producer;
        }
    }

    /// <summary>
    /// Verifies until nothing fails or <see cref="VerificationOptions.Attempts"/> are used up, waiting
    /// <see cref="VerificationOptions.RetryDelay"/> (doubling, at most <see cref="VerificationOptions.MaxRetryDelay"/>)
    /// between attempts while DNS and caches propagate. Returns the last report.
    /// </summary>
    /// <param name="domain">The mail domain.</param>
    /// <param name="retrying">Called before each wait with the failed report and the wait, e.g. to log progress.</param>
    /// <param name="cancellationToken">Stops the attempts.</param>
    public async Task<VerificationReport> VerifyWithRetryAsync(
        string domain, Action<VerificationReport, TimeSpan>? retrying = null, CancellationToken cancellationToken = default)
    {
        var delay = settings.RetryDelay;
        for (var attempt = 1; ; attempt++)
        {
            var report = await VerifyAsync(domain, cancellationToken);
            if (!report.Failed || attempt >= settings.Attempts)
            {
                return report;
            }

            retrying?.Invoke(report, delay);
            await Task.Delay(delay, cancellationToken);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, settings.MaxRetryDelay.Ticks));
        }
    }
}
