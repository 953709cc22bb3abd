namespace Mail.MtaSts.Verification;

/// <summary>The part of a deployment a <see cref="Check"/> looks at; reports group checks by it.</summary>
public enum CheckArea
{
    /// <summary>The <c>_mta-sts</c> TXT record and the policy host's name (RFC 8461 §3.1).</summary>
    Dns,

    /// <summary>The HTTPS policy host and the policy it serves (RFC 8461 §3.2, §3.3).</summary>
    PolicyHost,

    /// <summary>The live MX records and STARTTLS on each MX host (RFC 8461 §4, §5).</summary>
    Mx,

    /// <summary>The <c>_smtp._tls</c> TXT record (RFC 8460 §3).</summary>
    TlsRpt,
}
