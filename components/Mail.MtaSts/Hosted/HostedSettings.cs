namespace Mail.MtaSts.Hosted;

/// <summary>What a provider asks for: the input of <see cref="HostedPlan.Create"/>.</summary>
public sealed class HostedSettings
{
    /// <summary>The provider's zone, e.g. <c>provider.example</c>, under which the per-domain TXT records live.</summary>
    public string Zone { get; set; } = "";

    /// <summary>The policy host every <c>mta-sts.&lt;domain&gt;</c> is a CNAME to; <c>mta-sts.&lt;zone&gt;</c> when empty.</summary>
    public string? PolicyHost { get; set; }

    /// <summary>
    /// The provider's TLS-RPT report URIs (<c>mailto:</c> or <c>https:</c>, RFC 8460 §3), published for every domain
    /// that does not override them; every domain needs at least one.
    /// </summary>
    public IList<string> Rua { get; set; } = [];

    /// <summary>The hosted domains, each at most once.</summary>
    public IList<HostedDomainSettings> Domains { get; set; } = [];
}
