using Pulumi;
using Acm = Pulumi.Aws.Acm;
using Cloudflare = Pulumi.Cloudflare;
using CloudFront = Pulumi.Aws.CloudFront;

namespace Mail.MtaSts.Pulumi;

/// <summary>A Cloudflare zone.</summary>
public sealed class CloudflareZone : DnsZone
{
    /// <summary>Cloudflare's "automatic" TTL.</summary>
    private const double AutomaticTtl = 1;

    internal override CustomResource Txt(string name, DnsTxtRecord record, CustomResourceOptions options) =>
        new Cloudflare.DnsRecord(name, new Cloudflare.DnsRecordArgs
        {
            ZoneId = ZoneId,
            Name = record.Name,
            Type = "TXT",
            // Cloudflare expects TXT content as quoted character-strings of at most 255 octets (RFC 1035 §3.3.14).
            Content = string.Join(" ", record.Strings.Select(s => $"\"{Escaped(s)}\"")),
            Ttl = record.Ttl,
        }, options);

    internal override CustomResource CertificateValidation(
        string name, Output<Acm.Outputs.CertificateDomainValidationOption> option, CustomResourceOptions options) =>
        new Cloudflare.DnsRecord(name, new Cloudflare.DnsRecordArgs
        {
            ZoneId = ZoneId,
            Name = option.Apply(o => o.ResourceRecordName!.TrimEnd('.')),
            Type = option.Apply(o => o.ResourceRecordType!),
            Content = option.Apply(o => o.ResourceRecordValue!.TrimEnd('.')),
            Ttl = AutomaticTtl,
            Proxied = false,
        }, options);

    internal override IReadOnlyList<CustomResource> PolicyHost(
        string name, string hostName, CloudFront.Distribution distribution, CustomResourceOptions options) =>
    [
        // DNS only: a proxied record would put Cloudflare's certificate and edge in front of CloudFront.
        new Cloudflare.DnsRecord($"{name}-cname", new Cloudflare.DnsRecordArgs
        {
            ZoneId = ZoneId,
            Name = hostName,
            Type = "CNAME",
            Content = distribution.DomainName,
            Ttl = AutomaticTtl,
            Proxied = false,
        }, options),
    ];
}
