namespace Mail.MtaSts.Hosted;

/// <summary>One hosted domain's policy, as its owner agreed it with the provider.</summary>
public sealed class HostedDomainSettings
{
    /// <summary>The mail domain, e.g. <c>example.com</c> (U-labels are converted).</summary>
    public string Domain { get; set; } = "";

    /// <summary>The MX host patterns to allow, e.g. <c>mx1.example.com</c> or <c>*.mail.protection.outlook.com</c>.</summary>
    public IList<string> Mx { get; set; } = [];

    /// <summary>The policy mode; start with testing, move to enforce once reports are clean.</summary>
    public PolicyMode Mode { get; set; } = PolicyMode.Testing;

    /// <summary>Seconds senders may cache the policy; default one week.</summary>
    public long MaxAge { get; set; } = PolicySettings.DefaultMaxAge;

    /// <summary>Report URIs for this domain instead of the provider's <see cref="HostedSettings.Rua"/>; empty uses the provider's.</summary>
    public IList<string> Rua { get; set; } = [];

    /// <summary>
    /// Deploy even when a live MX host is not covered by <see cref="Mx"/> in enforce mode (the check is then a warning;
    /// see <see cref="HostedPlan.CheckMx"/>).
    /// </summary>
    public bool AllowUncoveredMx { get; set; }

    /// <summary>
    /// Retire the domain (RFC 8461 §8.3): keep serving <c>mode: none</c> with a short max_age and a new id, so senders
    /// drop its policy; remove the domain from the list once the max_age of the policy it replaced has passed.
    /// </summary>
    public bool Retire { get; set; }
}
