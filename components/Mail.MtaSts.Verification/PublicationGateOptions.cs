using System.Globalization;
using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace Mail.MtaSts.Verification;

/// <summary>
/// How a <see cref="PublicationGate"/> fetches the policy and how long it waits for the new bytes. The network settings
/// (<see cref="DnsServer"/>, <see cref="TrustRoots"/>, <see cref="Timeout"/>) mean what they mean for the
/// <see cref="Verifier"/>.
/// </summary>
public sealed class PublicationGateOptions
{
    /// <summary>The section every rule of the gate serves: update the policy before the id (RFC 8461 §8.1).</summary>
    private const string Section = "RFC 8461 §8.1";

    /// <summary>The longest wait: the timers behind the waits refuse waits of about 50 days.</summary>
    private static readonly TimeSpan MaxTimer = TimeSpan.FromDays(1);

    /// <summary>
    /// The DNS server every fetch resolves <c>mta-sts.&lt;domain&gt;</c> through; <c>null</c> uses the system's
    /// resolvers. Each fetch resolves the name afresh, without a cache, as a sender does.
    /// </summary>
    public IPEndPoint? DnsServer { get; set; }

    /// <summary>
    /// Extra trust roots for the policy host's certificate, for private test deployments. A chain is trusted when it
    /// ends in one of these or in the system's roots; the system store is never changed.
    /// </summary>
    public X509Certificate2Collection TrustRoots { get; } = [];

    /// <summary>The deadline of one fetch, DNS lookup included (default 10 s, at most 1 day); a fetch past it counts as not serving the bytes.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How many fetches in a row must see exactly the new bytes (default 3, 1 to 100). More than one, because a CDN or
    /// a Workers deployment reaches its edges one by one: one fetch may hit an edge that is already updated while the
    /// next sender hits one that is not.
    /// </summary>
    public int ConsecutiveMatches { get; set; } = 3;

    /// <summary>
    /// The longest the gate waits in all, fetches included (default 5 min, at most 1 day): no fetch starts later, and
    /// one still running then is stopped and not counted.
    /// </summary>
    public TimeSpan MaxWait { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The wait after a fetch that saw the new bytes, and the first wait after one that did not; it doubles after
    /// each further fetch in a row that did not, up to <see cref="MaxRetryDelay"/> (default 2 s, more than 0, at most
    /// 1 day).
    /// </summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The longest wait between two fetches (default 30 s, at least <see cref="RetryDelay"/>, at most 1 day).</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The policy host's port; 443 except in tests.</summary>
    internal int HttpsPort { get; set; } = 443;

    /// <summary>
    /// Every setting that cannot work, each with its field, value and rule: <see cref="PublicationGate"/> refuses
    /// options that have any.
    /// </summary>
    internal IReadOnlyList<Diagnostic> Problems()
    {
        var problems = new List<Diagnostic>();
        void Refuse(string field, object value, string rule, string section = Section) =>
            problems.Add(new Diagnostic(Severity.Error, field, Convert.ToString(value, CultureInfo.InvariantCulture) ?? "", rule, section));

        if (DnsServer is { } server && !VerificationOptions.IsDnsServer(server))
        {
            Refuse(nameof(DnsServer), server, VerificationOptions.DnsServerRule, VerificationOptions.DnsServerSections);
        }

        if (Timeout <= TimeSpan.Zero || Timeout > MaxTimer)
        {
            Refuse(nameof(Timeout), Timeout, "a fetch needs a deadline longer than 0 and at most 1 day");
        }

        if (ConsecutiveMatches is < 1 or > 100)
        {
            Refuse(nameof(ConsecutiveMatches), ConsecutiveMatches, "from 1 to 100 fetches in a row must see the new bytes before the id is published");
        }

        if (MaxWait <= TimeSpan.Zero || MaxWait > MaxTimer)
        {
            Refuse(nameof(MaxWait), MaxWait, "the wait for the new bytes must be longer than 0 and at most 1 day");
        }

        if (RetryDelay <= TimeSpan.Zero || RetryDelay > MaxTimer)
        {
            Refuse(nameof(RetryDelay), RetryDelay, "the wait between fetches must be longer than 0 (it doubles while the bytes are not seen) and at most 1 day");
        }
        else if (MaxRetryDelay < RetryDelay || MaxRetryDelay > MaxTimer)
        {
            Refuse(nameof(MaxRetryDelay), MaxRetryDelay, $"the longest wait between fetches must be at least RetryDelay ({RetryDelay}) and at most 1 day");
        }
        else if (ConsecutiveMatches is >= 1 and <= 100 && MaxWait > TimeSpan.Zero && MaxWait <= MaxTimer && RetryDelay * (ConsecutiveMatches - 1) > MaxWait)
        {
            Refuse(nameof(MaxWait), MaxWait,
                $"{ConsecutiveMatches} fetches RetryDelay ({RetryDelay}) apart take {RetryDelay * (ConsecutiveMatches - 1)}: the gate could never pass");
        }

        return problems;
    }
}
