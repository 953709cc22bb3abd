namespace Mail.MtaSts;

/// <summary>What a user asks for: the input of <see cref="DeploymentPlan.Create"/>.</summary>
public sealed class PolicySettings
{
    /// <summary>One week, the default <c>max_age</c>.</summary>
    public const long DefaultMaxAge = 604_800;

    /// <summary>The mail domain, e.g. <c>example.com</c> (U-labels are converted).</summary>
    public string Domain { get; set; } = "";

    /// <summary>The MX host patterns to allow, e.g. <c>mx1.example.com</c> or <c>*.mail.protection.outlook.com</c>.</summary>
    public IList<string> Mx { get; set; } = [];

    /// <summary>The policy mode; start with testing, move to enforce once reports are clean.</summary>
    public PolicyMode Mode { get; set; } = PolicyMode.Testing;

    /// <summary>Seconds senders may cache the policy; default one week.</summary>
    public long MaxAge { get; set; } = DefaultMaxAge;

    /// <summary>TLS-RPT report URIs (<c>mailto:</c> or <c>https:</c>); empty publishes no TLS-RPT record.</summary>
    public IList<string> Rua { get; set; } = [];

    /// <summary>
    /// Collect TLS reports with an <c>https:</c> report endpoint on the policy host, <c>https://mta-sts.&lt;domain&gt;/tlsrpt</c>
    /// (RFC 8460 §5.4; docs/reports-endpoint.md), listed in the TLS-RPT record after the <see cref="Rua"/> URIs (§3).
    /// </summary>
    public bool CollectReports { get; set; }

    /// <summary>
    /// Retire MTA-STS (RFC 8461 §8.3): serve <c>mode: none</c> with a short max_age and a new id, so senders drop
    /// the policy; the resources may be deleted once the previous max_age has passed.
    /// </summary>
    public bool Retire { get; set; }
}
