using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace Mail.MtaSts.Verification;

/// <summary>The facts gathered about one MX host: its addresses, its STARTTLS probe, its TLSA records.</summary>
internal sealed class MxProbe(string host, X509ChainPolicy trust)
{
    /// <summary>The MX host name, lower-case, without the trailing dot.</summary>
    internal string Host { get; } = host;

    /// <summary>Its addresses from the verifier's DNS.</summary>
    internal IReadOnlyList<IPAddress> Addresses { get; set; } = [];

    /// <summary>Why the address lookup failed, if it did.</summary>
    internal string? AddressError { get; set; }

    /// <summary>The STARTTLS probe.</summary>
    internal SmtpProbe Smtp { get; } = new(trust);

    /// <summary>What the probe was doing when the deadline stopped it; <c>null</c> when it finished.</summary>
    internal string? StoppedWhile { get; set; }

    /// <summary>How many TLSA records <c>_25._tcp.&lt;host&gt;</c> has (RFC 7672); <c>null</c> when not looked up or the lookup failed.</summary>
    internal int? Tlsa { get; set; }
}
