namespace Mail.MtaSts.Reporting;

/// <summary>
/// Why a session failed: the result types of RFC 8460 §4.3, as carried in a failure detail's
/// <c>result-type</c>. The names are registered with IANA (RFC 8460 §6); a reporter may send one this
/// version does not know, which is kept as <see cref="Other"/> with its name.
/// </summary>
public enum ResultType
{
    /// <summary><c>starttls-not-supported</c>: the receiving MTA did not offer STARTTLS (§4.3.1).</summary>
    StarttlsNotSupported,

    /// <summary><c>certificate-host-mismatch</c>: the certificate does not name the host (§4.3.1).</summary>
    CertificateHostMismatch,

    /// <summary><c>certificate-expired</c>: the certificate has expired (§4.3.1).</summary>
    CertificateExpired,

    /// <summary><c>certificate-not-trusted</c>: the certificate does not chain to a trusted root (§4.3.1).</summary>
    CertificateNotTrusted,

    /// <summary><c>validation-failure</c>: any other failure to validate the TLS session (§4.3.1).</summary>
    ValidationFailure,

    /// <summary><c>tlsa-invalid</c>: the TLSA record was invalid (DANE, §4.3.2.1).</summary>
    TlsaInvalid,

    /// <summary><c>dnssec-invalid</c>: DNSSEC validation failed (DANE, §4.3.2.1).</summary>
    DnssecInvalid,

    /// <summary><c>dane-required</c>: DANE was required and no usable TLSA record was found (§4.3.2.1).</summary>
    DaneRequired,

    /// <summary><c>sts-policy-fetch-error</c>: the MTA-STS policy could not be fetched (§4.3.2.2).</summary>
    StsPolicyFetchError,

    /// <summary><c>sts-policy-invalid</c>: the fetched MTA-STS policy was invalid (§4.3.2.2).</summary>
    StsPolicyInvalid,

    /// <summary><c>sts-webpki-invalid</c>: the policy host's certificate failed validation (§4.3.2.2).</summary>
    StsWebpkiInvalid,

    /// <summary>A result type this version does not know; its name is in <see cref="FailureDetails.ResultTypeName"/>.</summary>
    Other,
}

/// <summary>The RFC 8460 §4.3 names of <see cref="ResultType"/> values.</summary>
public static class ResultTypeNames
{
    private static readonly string[] Names =
    [
        "starttls-not-supported", "certificate-host-mismatch", "certificate-expired", "certificate-not-trusted",
        "validation-failure", "tlsa-invalid", "dnssec-invalid", "dane-required", "sts-policy-fetch-error",
        "sts-policy-invalid", "sts-webpki-invalid",
    ];

    /// <summary>Every result type defined by RFC 8460 §4.3, in the RFC's order.</summary>
    public static IReadOnlyList<ResultType> Defined { get; } = Enum.GetValues<ResultType>()[..^1];

    /// <summary>The RFC name of <paramref name="type"/>, e.g. <c>certificate-expired</c>; <c>other</c> for <see cref="ResultType.Other"/>.</summary>
    public static string ToRfcName(this ResultType type) => type == ResultType.Other ? "other" : Names[(int)type];

    /// <summary>The result type named <paramref name="name"/> (ASCII case-insensitive); <see cref="ResultType.Other"/> when unknown.</summary>
    public static ResultType Parse(string name)
    {
        var index = Array.FindIndex(Names, n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase));
        return index < 0 ? ResultType.Other : (ResultType)index;
    }
}
