using Pulumi;
using Acm = Pulumi.Aws.Acm;
using CloudFront = Pulumi.Aws.CloudFront;

namespace Mail.MtaSts.Pulumi;

/// <summary>The DNS zone of the domain, where the TXT records (and, for AWS hosting, the host records) go.</summary>
public abstract class DnsZone
{
    private protected DnsZone()
    {
    }

    /// <summary>The provider's id of the zone.</summary>
    public required Input<string> ZoneId { get; set; }

    /// <summary>Publishes a TXT record, its text split into character-strings of at most 255 octets (RFC 1035 §3.3.14).</summary>
    internal abstract CustomResource Txt(string name, DnsTxtRecord record, CustomResourceOptions options);

    /// <summary>
    /// One character-string as it goes between quotes: '"' and '\' escaped (RFC 1035 §5.1), as both providers' quoted
    /// TXT formats require. The core's records hold neither today (report URIs are RFC 3986 URIs, RFC 8460 §3).
    /// </summary>
    private protected static string Escaped(string characterString) =>
        characterString.Replace(@"\", @"\\").Replace("\"", "\\\"");

    /// <summary>
    /// Publishes the record ACM asks for to validate a certificate by DNS. The option's fields are declared nullable
    /// (<c>string?</c>) by the provider; ACM sets all three for a certificate requested with DNS validation.
    /// </summary>
    internal abstract CustomResource CertificateValidation(
        string name, Output<Acm.Outputs.CertificateDomainValidationOption> option, CustomResourceOptions options);

    /// <summary>Points the policy host name at a CloudFront distribution.</summary>
    internal abstract IReadOnlyList<CustomResource> PolicyHost(
        string name, string hostName, CloudFront.Distribution distribution, CustomResourceOptions options);
}
