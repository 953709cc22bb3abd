using Pulumi;

namespace Mail.MtaSts.Provider;

/// <summary>
/// The inputs of the provider's <see cref="MtaStsDomain"/>, in the shapes the provider's schema carries: plain values
/// where the core needs them at construction (it derives the policy bytes and id before any resource exists), and the
/// hosting as one of two input objects, <see cref="Aws"/> or <see cref="Cloudflare"/>. Each maps onto
/// <see cref="Components.MtaStsDomainArgs"/>, which decides the rest.
/// </summary>
public sealed class MtaStsDomainArgs : ResourceArgs
{
    /// <summary>The mail domain, e.g. <c>example.com</c>.</summary>
    [Input("domain", required: true)]
    public string Domain { get; set; } = "";

    /// <summary>The <c>mx</c> patterns of the policy (RFC 8461 §3.2, §4.1); when empty, the live MX records at deploy time.</summary>
    [Input("mxHosts")]
    public List<string>? MxHosts { get; set; }

    /// <summary>The policy mode: <c>testing</c> (the default), <c>enforce</c> or <c>none</c> (RFC 8461 §5).</summary>
    [Input("mode")]
    public string? Mode { get; set; }

    /// <summary>Seconds senders may cache the policy, 0 to 31557600 (RFC 8461 §3.2); the default is one week.</summary>
    [Input("maxAge")]
    public long? MaxAge { get; set; }

    /// <summary>Where TLS reports go: <c>mailto:</c> or <c>https:</c> URIs (RFC 8460 §3).</summary>
    [Input("tlsRptReportUris")]
    public List<string>? TlsRptReportUris { get; set; }

    /// <summary>Deploy an <c>https:</c> report endpoint storing TLS reports in a private bucket (RFC 8460 §5.4).</summary>
    [Input("collectTlsReports")]
    public bool? CollectTlsReports { get; set; }

    /// <summary>Serve the policy from S3 and CloudFront; set this or <see cref="Cloudflare"/>.</summary>
    [Input("aws")]
    public AwsHostingArgs? Aws { get; set; }

    /// <summary>Serve the policy from a Cloudflare Worker; set this or <see cref="Aws"/>.</summary>
    [Input("cloudflare")]
    public CloudflareHostingArgs? Cloudflare { get; set; }

    /// <summary>Where the DNS records go when not in the hosting's own zone (AWS hosting with a Cloudflare zone).</summary>
    [Input("dns")]
    public DnsZoneArgs? Dns { get; set; }

    /// <summary>Deploy an enforce policy even when a live MX host is not covered by the patterns (RFC 8461 §4.1, §5).</summary>
    [Input("allowUncoveredMx")]
    public bool? AllowUncoveredMx { get; set; }

    /// <summary>Retire MTA-STS: serve <c>mode: none</c> under a new id (RFC 8461 §8.3).</summary>
    [Input("retire")]
    public bool? Retire { get; set; }

    /// <summary>How an update waits for the policy URL to serve the new bytes before publishing their id (RFC 8461 §8.1).</summary>
    [Input("publicationGate")]
    public PublicationGateArgs? PublicationGate { get; set; }

    /// <summary>The verification run after an update.</summary>
    [Input("verification")]
    public VerificationArgs? Verification { get; set; }

    /// <summary>
    /// The C# component's arguments; throws <see cref="MtaStsException"/> naming each input whose shape is wrong (both
    /// hostings set, both zones set, an unknown mode). Every other rule is the core's, checked by the component.
    /// </summary>
    internal Components.MtaStsDomainArgs ToComponentArgs()
    {
        var errors = new List<Diagnostic>();
        if (Aws is not null && Cloudflare is not null)
        {
            errors.Add(new Diagnostic(Severity.Error, "aws", "aws and cloudflare",
                "set exactly one of aws and cloudflare: the one place the policy host runs", "RFC 8461 §3.3"));
        }

        if (Dns is { Route53ZoneId: not null, CloudflareZoneId: not null })
        {
            errors.Add(new Diagnostic(Severity.Error, "dns", "route53ZoneId and cloudflareZoneId",
                "set exactly one of route53ZoneId and cloudflareZoneId: the one zone of the domain", "RFC 8461 §3.1"));
        }

        var mode = Mode is null ? PolicyMode.Testing : PolicyModes.FromWire(Mode);
        if (mode is null)
        {
            errors.Add(new Diagnostic(Severity.Error, "mode", Mode!, "the mode is one of testing, enforce or none", "RFC 8461 §3.2"));
        }

        if (errors.Count > 0)
        {
            throw new MtaStsException(errors);
        }

        var args = new Components.MtaStsDomainArgs
        {
            Domain = Domain,
            MxHosts = MxHosts ?? [],
            Mode = mode!.Value,
            MaxAge = MaxAge ?? PolicySettings.DefaultMaxAge,
            TlsRptReportUris = TlsRptReportUris ?? [],
            CollectTlsReports = CollectTlsReports ?? false,
            Hosting = (Components.PolicyHosting?)Aws?.ToHosting() ?? Cloudflare?.ToHosting(),
            Dns = Dns?.ToZone(),
            AllowUncoveredMx = AllowUncoveredMx ?? false,
            Retire = Retire ?? false,
        };
        PublicationGate?.ApplyTo(args.PublicationGate);
        Verification?.ApplyTo(args.Verification);
        return args;
    }
}
