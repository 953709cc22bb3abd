namespace Mail.MtaSts.Components;

/// <summary>
/// The inputs of <see cref="MtaStsDomain"/>. The policy fields are plain values, not Pulumi inputs: the core validates
/// them and derives the policy bytes and id when the component is constructed, before any resource exists.
/// </summary>
public sealed class MtaStsDomainArgs
{
    /// <summary>The mail domain, e.g. <c>example.com</c>; U-labels are converted to A-labels.</summary>
    public string Domain { get; set; } = "";

    /// <summary>
    /// The <c>mx</c> patterns of the policy (RFC 8461 §3.2, §4.1), e.g. <c>mx1.example.com</c> or
    /// <c>*.mail.protection.outlook.com</c>. When empty, the domain's live MX records are looked up at deploy time
    /// and used as the patterns; the deployment log says so.
    /// </summary>
    public IList<string> MxHosts { get; set; } = [];

    /// <summary>The policy mode; the default is testing (RFC 8461 §5). Move to enforce once TLS reports are clean.</summary>
    public PolicyMode Mode { get; set; } = PolicyMode.Testing;

    /// <summary>Seconds senders may cache the policy, 0 to 31557600 (RFC 8461 §3.2); the default is one week.</summary>
    public long MaxAge { get; set; } = PolicySettings.DefaultMaxAge;

    /// <summary>Where TLS reports go: <c>mailto:</c> or <c>https:</c> URIs (RFC 8460 §3); empty publishes no TLS-RPT record.</summary>
    public IList<string> TlsRptReportUris { get; set; } = [];

    /// <summary>
    /// Collect TLS reports in your own cloud: deploy an <c>https:</c> report endpoint at
    /// <c>https://mta-sts.&lt;domain&gt;/tlsrpt</c> (RFC 8460 §5.4) that stores every report as received in a private
    /// bucket (AWS: S3 behind API Gateway and Lambda; Cloudflare: R2 behind a Worker), and list it in the
    /// <c>_smtp._tls</c> record beside <see cref="TlsRptReportUris"/>. The outputs name the bucket and the command that
    /// fetches and summarises the reports (docs/reports-endpoint.md). Default false.
    /// </summary>
    public bool CollectTlsReports { get; set; }

    /// <summary>Where the policy host runs: <c>AwsHosting</c> (package Mail.MtaSts.Components.Aws) or <c>CloudflareHosting</c> (Mail.MtaSts.Components.Cloudflare).</summary>
    public PolicyHosting? Hosting { get; set; }

    /// <summary>
    /// Where the DNS records go. The default is the hosting provider's zone (<c>AwsHosting.HostedZoneId</c> or
    /// <c>CloudflareHosting.ZoneId</c>); AWS hosting may publish into a <c>CloudflareZone</c> instead.
    /// </summary>
    public DnsZone? Dns { get; set; }

    /// <summary>
    /// Opt out of the enforce guard: deploy an enforce policy even when a live MX host is not covered by the mx
    /// patterns, with a warning instead of a failed update (RFC 8461 §4.1, §5).
    /// </summary>
    public bool AllowUncoveredMx { get; set; }

    /// <summary>
    /// Retire MTA-STS (RFC 8461 §8.3): serve <c>mode: none</c> with a short max_age under a new id. Keep the stack
    /// up until the previous max_age has passed, then destroy it (see docs/pulumi.md).
    /// </summary>
    public bool Retire { get; set; }

    /// <summary>
    /// How an update waits for the policy URL to serve the new bytes before it publishes their id (RFC 8461 §8.1); see
    /// <see cref="PublicationGateArgs"/>.
    /// </summary>
    public PublicationGateArgs PublicationGate { get; set; } = new();

    /// <summary>The verification run after an update; see <see cref="VerificationArgs"/>. Its DNS server, trust roots and timeout serve the publication gate too.</summary>
    public VerificationArgs Verification { get; set; } = new();
}
