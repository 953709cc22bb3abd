using Pulumi;
using Pulumi.Cloudflare;

namespace Mail.MtaSts.Components.Cloudflare;

/// <summary>A Cloudflare zone.</summary>
public sealed class CloudflareZone : DnsZone
{
    /// <summary>Cloudflare's "automatic" TTL.</summary>
    private const double AutomaticTtl = 1;

    internal override CustomResource Txt(string name, DnsTxtRecord record, Output<string> text, CustomResourceOptions options) =>
        new DnsRecord(name, new DnsRecordArgs
        {
            ZoneId = ZoneId,
            Name = record.Name,
            Type = "TXT",
            // Cloudflare expects TXT content as quoted character-strings of at most 255 octets (RFC 1035 §3.3.14).
            Content = text.Apply(t => string.Join(" ", (record with { Value = t }).Strings.Select(s => $"\"{Escaped(s)}\""))),
            Ttl = record.Ttl,
        }, options);

    // DNS only: a proxied record would put Cloudflare's certificate and edge in front of the target.
    internal override CustomResource Cname(string name, string hostName, Input<string> target, CustomResourceOptions options) =>
        new DnsRecord(name, new DnsRecordArgs
        {
            ZoneId = ZoneId,
            Name = hostName,
            Type = "CNAME",
            Content = target,
            Ttl = AutomaticTtl,
            Proxied = false,
        }, options);

    internal override CustomResource Record(
        string name, Output<string> recordName, Output<string> type, Output<string> value, CustomResourceOptions options) =>
        new DnsRecord(name, new DnsRecordArgs
        {
            ZoneId = ZoneId,
            Name = recordName.Apply(n => n.TrimEnd('.')),
            Type = type,
            Content = value.Apply(v => v.TrimEnd('.')),
            Ttl = AutomaticTtl,
            Proxied = false,
        }, options);
}
