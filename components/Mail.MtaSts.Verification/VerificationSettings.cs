using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace Mail.MtaSts.Verification;

/// <summary>
/// What a <see cref="Verifier"/> runs with: its <see cref="VerificationOptions"/> checked and copied once, at
/// construction, as DnsClient turns its options into settings. The options, the endpoint, the certificate collection
/// and the byte array they hold stay the caller's: changing them later changes nothing in a verifier already made.
/// </summary>
internal sealed record VerificationSettings
{
    /// <summary>The longest <see cref="Timeout"/> or retry delay: the timers behind them refuse waits of about 50 days.</summary>
    private static readonly TimeSpan MaxWait = TimeSpan.FromDays(1);

    private VerificationSettings(VerificationOptions options)
    {
        DnsServer = options.DnsServer is { } server ? new IPEndPoint(server.Address, server.Port) : null;
        TrustRoots = [.. options.TrustRoots];
        CheckSmtp = options.CheckSmtp;
        Timeout = options.Timeout;
        Concurrency = options.Concurrency;
        ExpectedPolicy = options.ExpectedPolicy?.ToArray();
        Attempts = options.Attempts;
        RetryDelay = options.RetryDelay;
        MaxRetryDelay = options.MaxRetryDelay;
        HttpsPort = options.HttpsPort;
        SmtpPort = options.SmtpPort;
    }

    /// <summary>The DNS server of every lookup; <c>null</c>: the system's resolvers.</summary>
    internal IPEndPoint? DnsServer { get; }

    /// <summary>The extra trust roots; the system's roots count too.</summary>
    internal IReadOnlyList<X509Certificate2> TrustRoots { get; }

    /// <summary>Whether STARTTLS is probed on every MX host.</summary>
    internal bool CheckSmtp { get; }

    /// <summary>The deadline for all checks of one domain.</summary>
    internal TimeSpan Timeout { get; }

    /// <summary>How many domains are checked at once.</summary>
    internal int Concurrency { get; }

    /// <summary>A copy of the exact policy bytes the domain should serve; <c>null</c> when none is expected.</summary>
    internal byte[]? ExpectedPolicy { get; }

    /// <summary>How many times to verify before giving up.</summary>
    internal int Attempts { get; }

    /// <summary>The wait before the first retry.</summary>
    internal TimeSpan RetryDelay { get; }

    /// <summary>The longest wait between two attempts.</summary>
    internal TimeSpan MaxRetryDelay { get; }

    /// <summary>The policy host's port; 443 except in tests.</summary>
    internal int HttpsPort { get; }

    /// <summary>The MX hosts' SMTP port; 25 except in tests.</summary>
    internal int SmtpPort { get; }

    /// <summary>The settings of <paramref name="options"/> as they are now, or an exception naming the first that cannot work.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A timeout, concurrency, attempt count or delay is out of range (waits: at most 1 day).</exception>
    /// <exception cref="ArgumentException">The DNS server is 0.0.0.0 or :: or its port 0, or the expected policy is not a valid policy.</exception>
    internal static VerificationSettings From(VerificationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settings = new VerificationSettings(options);
        // Checked on the copy: what is checked is what runs, even if the caller changes the options meanwhile.
        VerificationOptions.ThrowIfNoDnsServer(settings.DnsServer);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(settings.Timeout, TimeSpan.Zero, "Timeout");
        ArgumentOutOfRangeException.ThrowIfGreaterThan(settings.Timeout, MaxWait, "Timeout");
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.Concurrency, 1, "Concurrency");
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.Attempts, 1, "Attempts");
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.RetryDelay, TimeSpan.Zero, "RetryDelay");
        ArgumentOutOfRangeException.ThrowIfGreaterThan(settings.RetryDelay, MaxWait, "RetryDelay");
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.MaxRetryDelay, settings.RetryDelay, "MaxRetryDelay");
        ArgumentOutOfRangeException.ThrowIfGreaterThan(settings.MaxRetryDelay, MaxWait, "MaxRetryDelay");
        ThrowIfNoPolicy(settings.ExpectedPolicy);
        return settings;
    }

    /// <summary>
    /// Throws when the expected policy is no valid policy (RFC 8461 §3.2): no domain can serve it, and every
    /// verification would fail on a slip of the caller's (an empty or wrong file) instead.
    /// </summary>
    private static void ThrowIfNoPolicy(byte[]? expected)
    {
        if (expected is { } bytes && Policy.Parse(bytes) is { IsValid: false } parsed)
        {
            var errors = string.Join("; ", parsed.Errors);
            throw new ArgumentException($"ExpectedPolicy ({bytes.Length} bytes) is not a valid policy: {errors}", "ExpectedPolicy");
        }
    }
}
