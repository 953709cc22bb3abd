namespace Mail.MtaSts.Hosted;

/// <summary>
/// The three CNAMEs with which the owner of a domain delegates MTA-STS and TLS-RPT to a provider (RFC 8461 §8.2,
/// RFC 8460 §3): published once, never changed while the provider rotates the policy and its id.
/// </summary>
public sealed class Delegation
{
    internal Delegation(DomainName domain, string label, DnsCnameRecord policyHost, DnsCnameRecord policyRecord, DnsCnameRecord tlsRptRecord)
    {
        Domain = domain;
        Label = label;
        PolicyHost = policyHost;
        PolicyRecord = policyRecord;
        TlsRptRecord = tlsRptRecord;
        Records = [policyHost, policyRecord, tlsRptRecord];
    }

    /// <summary>The delegated mail domain.</summary>
    public DomainName Domain { get; }

    /// <summary>The domain's label in the provider's zone (<see cref="HostingProvider.LabelFor"/>).</summary>
    public string Label { get; }

    /// <summary>
    /// <c>mta-sts.&lt;domain&gt;</c> → the provider's policy host; the certificate served must still be valid for
    /// <c>mta-sts.&lt;domain&gt;</c> itself (RFC 8461 §3.3).
    /// </summary>
    public DnsCnameRecord PolicyHost { get; }

    /// <summary><c>_mta-sts.&lt;domain&gt;</c> → <c>&lt;label&gt;._mta-sts.&lt;zone&gt;</c>, where the provider publishes the id (RFC 8461 §3.1).</summary>
    public DnsCnameRecord PolicyRecord { get; }

    /// <summary><c>_smtp._tls.&lt;domain&gt;</c> → <c>&lt;label&gt;._smtp._tls.&lt;zone&gt;</c>, where the provider publishes the report URIs (RFC 8460 §3).</summary>
    public DnsCnameRecord TlsRptRecord { get; }

    /// <summary>The three CNAMEs, in the order above.</summary>
    public IReadOnlyList<DnsCnameRecord> Records { get; }
}
