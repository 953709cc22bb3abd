using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace Mail.MtaSts.Verification;

/// <summary>
/// How a <see cref="Verifier"/> reaches the network and what it expects to find. The verifier copies them when it is
/// made: changing them afterwards changes nothing in that verifier.
/// </summary>
public sealed class VerificationOptions
{
    /// <summary>
    /// What a DNS server endpoint must be: 0.0.0.0 and :: name no host to send a query to, and port 0 none to send it on.
    /// </summary>
    internal const string DnsServerRule = "expected the address and port of a DNS server: 0.0.0.0 and :: are no destination "
        + "(RFC 1122 §3.2.1.3, RFC 4291 §2.5.2) and port 0 is reserved (RFC 6335 §6)";

    /// <summary>The sections of <see cref="DnsServerRule"/>, for a <see cref="Diagnostic"/> that states it.</summary>
    internal const string DnsServerSections = "RFC 1122 §3.2.1.3, RFC 4291 §2.5.2, RFC 6335 §6";

    /// <summary>
    /// The DNS server for every lookup the verifier makes (the TXT records, the policy host's and the MX hosts'
    /// addresses, MX and TLSA records); <c>null</c> uses the system's resolvers.
    /// </summary>
    /// <exception cref="ArgumentException">The address is 0.0.0.0 or ::, or the port is 0.</exception>
    public IPEndPoint? DnsServer
    {
        get;
        set
        {
            ThrowIfNoDnsServer(value);
            field = value;
        }
    }

    /// <summary>
    /// Extra trust roots for the policy host's and the MX hosts' certificates, for private test deployments.
    /// A chain is trusted when it ends in one of these or in the system's roots; the system store is never changed.
    /// </summary>
    public X509Certificate2Collection TrustRoots { get; } = [];

    /// <summary>Whether to connect to port 25 of every MX host and check STARTTLS (default <c>true</c>).</summary>
    public bool CheckSmtp { get; set; } = true;

    /// <summary>The deadline for all checks of one domain (default 10 s, at most 1 day); whatever has not finished by then fails.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How many domains <see cref="Verifier.VerifyAllAsync"/> checks at once (default 64).</summary>
    public int Concurrency { get; set; } = 64;

    /// <summary>
    /// The exact policy bytes the domain should serve, when known (the deployment's own policy); <c>null</c> (the
    /// default) expects none. The served bytes must equal them and the <c>_mta-sts</c> id must be
    /// <c>PolicyId.ForPolicy</c> of them: this catches CDN caches serving an old policy and ids that were not rotated
    /// (RFC 8461 §8.1). They must be a valid policy (RFC 8461 §3.2), or the <see cref="Verifier"/> refuses the options.
    /// </summary>
    public byte[]? ExpectedPolicy { get; set; }

    /// <summary>How many times <see cref="Verifier.VerifyWithRetryAsync"/> verifies before it gives up (default 1).</summary>
    public int Attempts { get; set; } = 1;

    /// <summary>The wait before the first retry; it doubles after each failed attempt (default 5 s, at most 1 day).</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The longest wait between two attempts (default 60 s, at most 1 day).</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Whether <paramref name="server"/> can receive a query: an address that is not 0.0.0.0 or ::, and a port that is not 0.</summary>
    internal static bool IsDnsServer(IPEndPoint server) =>
        !server.Address.Equals(IPAddress.Any) && !server.Address.Equals(IPAddress.IPv6Any) && server.Port != 0;

    /// <summary>Throws when <paramref name="server"/> is set but can receive no query, naming the field, the value and the rule.</summary>
    internal static void ThrowIfNoDnsServer(IPEndPoint? server)
    {
        if (server is not null && !IsDnsServer(server))
        {
            throw new ArgumentException($"{nameof(DnsServer)} \"{server}\": {DnsServerRule}", nameof(DnsServer));
        }
    }

    /// <summary>The policy host's port; 443 except in tests.</summary>
    internal int HttpsPort { get; set; } = 443;

    /// <summary>The MX hosts' SMTP port; 25 except in tests.</summary>
    internal int SmtpPort { get; set; } = 25;
}
