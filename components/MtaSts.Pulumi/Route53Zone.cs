using Pulumi;
using Acm = Pulumi.Aws.Acm;
using CloudFront = Pulumi.Aws.CloudFront;
using Route53 = Pulumi.Aws.Route53;

namespace Mail.MtaSts.Pulumi;

/// <summary>An Amazon Route 53 hosted zone.</summary>
public sealed class Route53Zone : DnsZone
{
    internal override CustomResource Txt(string name, DnsTxtRecord record, CustomResourceOptions options) =>
        new Route53.Record(name, new Route53.RecordArgs
        {
            ZoneId = ZoneId,
            Name = record.Name,
            Type = Route53.RecordType.TXT,
            // One value per record, which the provider puts between quotes; "" separates its character-strings
            // (RFC 1035 §3.3.14).
            Records = { string.Join("\"\"", record.Strings.Select(Escaped)) },
            Ttl = record.Ttl,
        }, options);

    internal override CustomResource CertificateValidation(
        string name, Output<Acm.Outputs.CertificateDomainValidationOption> option, CustomResourceOptions options) =>
        new Route53.Record(name, new Route53.RecordArgs
        {
            ZoneId = ZoneId,
            Name = option.Apply(o => o.ResourceRecordName!),
            Type = option.Apply(o => o.ResourceRecordType!),
            Records = { option.Apply(o => o.ResourceRecordValue!) },
            Ttl = 300,
            AllowOverwrite = true,
        }, options);

    internal override IReadOnlyList<CustomResource> PolicyHost(
        string name, string hostName, CloudFront.Distribution distribution, CustomResourceOptions options) =>
        new[] { Route53.RecordType.A, Route53.RecordType.AAAA }
            .Select(type => (CustomResource)new Route53.Record($"{name}-{type.ToString().ToLowerInvariant()}", new Route53.RecordArgs
            {
                ZoneId = ZoneId,
                Name = hostName,
                Type = type,
                Aliases =
                {
                    new Route53.Inputs.RecordAliasArgs
                    {
                        Name = distribution.DomainName,
                        ZoneId = distribution.HostedZoneId,
                        EvaluateTargetHealth = false,
                    },
                },
            }, options))
            .ToArray();
}
