using Pulumi;

namespace Mail.MtaSts.Components;

/// <summary>
/// The DNS zone of a domain, where the TXT records (and, for some hosting, the policy host's records) go:
/// <c>Route53Zone</c> (Mail.MtaSts.Components.Aws) or <c>CloudflareZone</c> (Mail.MtaSts.Components.Cloudflare).
/// </summary>
public abstract class DnsZone
{
    private protected DnsZone()
    {
    }

    /// <summary>The provider's id of the zone.</summary>
    public required Input<string> ZoneId { get; set; }

    /// <summary>Publishes a TXT record, its text split into character-strings of at most 255 octets (RFC 1035 §3.3.14).</summary>
    internal CustomResource Txt(string name, DnsTxtRecord record, CustomResourceOptions options) =>
        Txt(name, record, Output.Create(record.Value), options);

    /// <summary>
    /// Publishes the TXT record <paramref name="record"/> with the text <paramref name="text"/>, which may be known only
    /// later: the <c>_mta-sts</c> record's is produced once its policy is seen served (RFC 8461 §8.1), and the record is
    /// registered only then. The text is split into character-strings of at most 255 octets (RFC 1035 §3.3.14).
    /// </summary>
    internal abstract CustomResource Txt(string name, DnsTxtRecord record, Output<string> text, CustomResourceOptions options);

    /// <summary>Publishes <paramref name="hostName"/> CNAME <paramref name="target"/>, never proxied (RFC 1034 §3.6.2).</summary>
    internal abstract CustomResource Cname(string name, string hostName, Input<string> target, CustomResourceOptions options);

    /// <summary>
    /// Publishes a record whose name, type and value are known only once another resource exists, such as the record
    /// a certificate authority asks for to validate a certificate by DNS.
    /// </summary>
    internal abstract CustomResource Record(
        string name, Output<string> recordName, Output<string> type, Output<string> value, CustomResourceOptions options);

    /// <summary>
    /// One character-string as it goes between quotes: '"' and '\' escaped (RFC 1035 §5.1), as both providers' quoted
    /// TXT formats require. The core's records hold neither today (report URIs are RFC 3986 URIs, RFC 8460 §3).
    /// </summary>
    private protected static string Escaped(string characterString) =>
        characterString.Replace(@"\", @"\\").Replace("\"", "\\\"");
}
