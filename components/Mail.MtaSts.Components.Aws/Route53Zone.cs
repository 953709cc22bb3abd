using Pulumi;
using Route53 = Pulumi.Aws.Route53;

namespace Mail.MtaSts.Components.Aws;

/// <summary>An Amazon Route 53 hosted zone.</summary>
public sealed class Route53Zone : DnsZone
{
    /// <summary>The TTL of records whose TTL the plan does not decide (CNAMEs, validation records).</summary>
    private const int DefaultTtl = 300;

    internal override CustomResource Txt(string name, DnsTxtRecord record, Output<string> text, CustomResourceOptions options) =>
        new Route53.Record(name, new Route53.RecordArgs
        {
            ZoneId = ZoneId,
            Name = record.Name,
            Type = Route53.RecordType.TXT,
            // One value per record, which the provider puts between quotes; "" separates its character-strings
            // (RFC 1035 §3.3.14).
            Records = { text.Apply(t => string.Join("\"\"", (record with { Value = t }).Strings.Select(Escaped))) },
            Ttl = record.Ttl,
        }, options);

    internal override CustomResource Cname(string name, string hostName, Input<string> target, CustomResourceOptions options) =>
        new Route53.Record(name, new Route53.RecordArgs
        {
            ZoneId = ZoneId,
            Name = hostName,
            Type = Route53.RecordType.CNAME,
            Records = { target },
            Ttl = DefaultTtl,
        }, options);

    internal override CustomResource Record(
        string name, Output<string> recordName, Output<string> type, Output<string> value, CustomResourceOptions options) =>
        new Route53.Record(name, new Route53.RecordArgs
        {
            ZoneId = ZoneId,
            Name = recordName,
            Type = type,
            Records = { value },
            Ttl = DefaultTtl,
            AllowOverwrite = true,
        }, options);

    /// <summary>Alias A and AAAA records for <paramref name="hostName"/> to a CloudFront distribution (no CNAME lookup for senders).</summary>
    internal IReadOnlyList<CustomResource> Alias(
        string name, string hostName, Output<string> targetName, Output<string> targetZoneId, CustomResourceOptions options) =>
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
                        Name = targetName,
                        ZoneId = targetZoneId,
                        EvaluateTargetHealth = false,
                    },
                },
            }, options))
            .ToArray();
}
