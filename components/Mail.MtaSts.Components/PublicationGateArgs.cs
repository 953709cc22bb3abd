namespace Mail.MtaSts.Components;

/// <summary>
/// The publication gate of <see cref="MtaStsDomain"/> (RFC 8461 §8.1): on an update, never in a preview, the
/// <c>_mta-sts</c> record gets its new id only once the policy URL has been seen serving exactly the new bytes, on
/// <see cref="ConsecutiveMatches"/> fetches in a row made as a sender makes them. When that does not happen within
/// <see cref="MaxWait"/>, the record is left as it is and the update fails, naming what was served instead. The DNS
/// server, trust roots and per-fetch timeout are <see cref="VerificationArgs.DnsServer"/>,
/// <see cref="VerificationArgs.TrustRoots"/> and <see cref="VerificationArgs.Timeout"/>.
/// </summary>
public sealed class PublicationGateArgs
{
    /// <summary>
    /// Whether to wait for the new bytes before publishing the id; default true. Turn it off only where the machine
    /// running <c>pulumi up</c> cannot reach the policy host as a sender does (no outbound HTTPS, a mandatory proxy):
    /// the id is then published as soon as the hosting resources are created, which does not mean every edge serves
    /// the new bytes yet.
    /// </summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How many fetches in a row must get exactly the new bytes; default 3, 1 to 100.</summary>
    public int ConsecutiveMatches { get; set; } = 3;

    /// <summary>The longest wait for them, fetches included; default 5 minutes, at most 1 day.</summary>
    public TimeSpan MaxWait { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The wait between fetches; it doubles after each fetch in a row without the new bytes. Default 2 seconds.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The longest wait between fetches; default 30 seconds.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);
}
