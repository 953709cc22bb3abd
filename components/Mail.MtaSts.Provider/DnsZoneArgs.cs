using Mail.MtaSts.Components.Aws;
using Mail.MtaSts.Components.Cloudflare;
using Pulumi;

namespace Mail.MtaSts.Provider;

/// <summary>The zone the records go to: one of a Route 53 hosted zone and a Cloudflare zone.</summary>
public sealed class DnsZoneArgs : ResourceArgs
{
    /// <summary>A Route 53 hosted zone id.</summary>
    [Input("route53ZoneId")]
    public Input<string>? Route53ZoneId { get; set; }

    /// <summary>A Cloudflare zone id.</summary>
    [Input("cloudflareZoneId")]
    public Input<string>? CloudflareZoneId { get; set; }

    internal Components.DnsZone? ToZone() =>
        Route53ZoneId is { } route53 ? new Route53Zone { ZoneId = route53 }
        : CloudflareZoneId is { } cloudflare ? new CloudflareZone { ZoneId = cloudflare }
        : null;
}
