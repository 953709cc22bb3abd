using Pulumi;

namespace Mail.MtaSts.Provider;

/// <summary>
/// <see cref="Components.MtaStsDomain"/> for every Pulumi language: the same type token, decisions and resources, with
/// arguments the provider's schema can carry (<see cref="MtaStsDomainArgs"/>). Constructed by the provider's
/// <c>Construct</c>; C# programs use <see cref="Components.MtaStsDomain"/>.
/// </summary>
public sealed class MtaStsDomain : ComponentResource
{
    /// <summary>The Pulumi package name: resource and type tokens are <c>mtasts:index:&lt;name&gt;</c>.</summary>
    public const string PackageName = "mtasts";

    /// <summary>
    /// Creates the component. Invalid arguments throw <see cref="MtaStsException"/> naming every bad field, value, rule
    /// and RFC section, before any resource is registered.
    /// </summary>
    /// <param name="name">The unique name of the component; child resources are named after it.</param>
    /// <param name="args">The policy, hosting and DNS settings.</param>
    /// <param name="options">Options for the component; its providers flow to the children.</param>
    public MtaStsDomain(string name, MtaStsDomainArgs args, ComponentResourceOptions? options = null)
        : this(name, Components.MtaStsDomain.Decide(args.ToComponentArgs()), options)
    {
    }

    private MtaStsDomain(string name, Components.MtaStsDomain.Decision decision, ComponentResourceOptions? options)
        : base(Components.MtaStsDomain.TypeToken, name, options)
    {
        var outputs = Components.MtaStsDomain.Deploy(this, name, decision);
        PolicyUrl = outputs.PolicyUrl;
        PolicyId = outputs.PolicyId;
        PolicyText = outputs.PolicyText;
        MtaStsRecord = outputs.MtaStsRecord;
        TlsRptRecord = outputs.TlsRptRecord;
        HostName = outputs.HostName;
        ReportEndpoint = outputs.ReportEndpoint;
        ReportBucket = outputs.ReportBucket;
        ReportsCommand = outputs.ReportsCommand;
        VerificationReport = outputs.VerificationReport;
        RegisterOutputs();
    }

    /// <summary>The policy URL, <c>https://mta-sts.&lt;domain&gt;/.well-known/mta-sts.txt</c> (RFC 8461 §3.3).</summary>
    [Output("policyUrl")]
    public Output<string> PolicyUrl { get; private set; }

    /// <summary>The policy id, derived from the served bytes (RFC 8461 §3.1).</summary>
    [Output("policyId")]
    public Output<string> PolicyId { get; private set; }

    /// <summary>The policy exactly as served (RFC 8461 §3.2).</summary>
    [Output("policyText")]
    public Output<string> PolicyText { get; private set; }

    /// <summary>The text of the <c>_mta-sts</c> TXT record (RFC 8461 §3.1).</summary>
    [Output("mtaStsRecord")]
    public Output<string> MtaStsRecord { get; private set; }

    /// <summary>The text of the <c>_smtp._tls</c> TXT record (RFC 8460 §3), or null when there is none.</summary>
    [Output("tlsRptRecord")]
    public Output<string?> TlsRptRecord { get; private set; }

    /// <summary>The policy host, <c>mta-sts.&lt;domain&gt;</c>.</summary>
    [Output("hostName")]
    public Output<string> HostName { get; private set; }

    /// <summary>The report endpoint listed in the TLS-RPT record; null unless reports are collected.</summary>
    [Output("reportEndpoint")]
    public Output<string?> ReportEndpoint { get; private set; }

    /// <summary>The bucket the report endpoint stores reports in; null unless reports are collected.</summary>
    [Output("reportBucket")]
    public Output<string?> ReportBucket { get; private set; }

    /// <summary>The command that fetches the stored reports and summarises them; null unless reports are collected.</summary>
    [Output("reportsCommand")]
    public Output<string?> ReportsCommand { get; private set; }

    /// <summary>The post-deploy verification report as JSON (docs/verify-json.md); null in a preview or when disabled.</summary>
    [Output("verificationReport")]
    public Output<string?> VerificationReport { get; private set; }
}
