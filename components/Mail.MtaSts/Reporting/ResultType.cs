namespace Mail.MtaSts.Reporting;

/// <summary>
/// Why a session failed: the result types of RFC 8460 §4.3, as carried in a failure detail's
/// <c>result-type</c>. The names are registered with IANA (RFC 8460 §6.6, "STARTTLS Validation Result Types"); a
/// reporter may send one this version does not know, which is kept as <see cref="Other"/> with its name.
/// The sections cited are RFC 8460's: §4.3.1 Negotiation Failures, §4.3.2.1 DANE-Specific and §4.3.2.2
/// MTA-STS-Specific Policy Failures, §4.3.3 General Failures.
/// </summary>
public enum ResultType
{
    /// <summary><c>starttls-not-supported</c>: the receiving MTA did not offer STARTTLS (§4.3.1).</summary>
    StarttlsNotSupported,

    /// <summary><c>certificate-host-mismatch</c>: the certificate does not meet the MTA-STS or DANE policy's constraints, e.g. no SAN names the MX host (§4.3.1).</summary>
    CertificateHostMismatch,

    /// <summary><c>certificate-expired</c>: the certificate has expired (§4.3.1).</summary>
    CertificateExpired,

    /// <summary><c>certificate-not-trusted</c>: an untrusted or unknown CA, a name constraint, a chain error and the like (§4.3.1).</summary>
    CertificateNotTrusted,

    /// <summary><c>validation-failure</c>: a failure matching no other type (listed in §4.3.1, the general category of §4.3.3).</summary>
    ValidationFailure,

    /// <summary><c>tlsa-invalid</c>: no record of the DANE policy's TLSA RRset was valid (§4.3.2.1).</summary>
    TlsaInvalid,

    /// <summary><c>dnssec-invalid</c>: the recursive resolver returned no valid records (DANE, §4.3.2.1).</summary>
    DnssecInvalid,

    /// <summary><c>dane-required</c>: the sender requires DANE and the MX host had no DNSSEC-validated TLSA records (§4.3.2.1).</summary>
    DaneRequired,

    /// <summary><c>sts-policy-fetch-error</c>: the MTA-STS policy could not be retrieved, e.g. the policy host was unreachable (§4.3.2.2).</summary>
    StsPolicyFetchError,

    /// <summary><c>sts-policy-invalid</c>: the fetched MTA-STS policy was invalid (§4.3.2.2).</summary>
    StsPolicyInvalid,

    /// <summary><c>sts-webpki-invalid</c>: the MTA-STS policy could not be authenticated by PKIX validation (§4.3.2.2).</summary>
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
    internal static IReadOnlyList<ResultType> Defined { get; } = Enum.GetValues<ResultType>()[..^1];

    /// <summary>The RFC name of <paramref name="type"/>, e.g. <c>certificate-expired</c>; <c>other</c> for <see cref="ResultType.Other"/>.</summary>
    public static string ToRfcName(this ResultType type) => type == ResultType.Other ? "other" : Names[(int)type];

    /// <summary>The result type named <paramref name="name"/> (ASCII case-insensitive); <see cref="ResultType.Other"/> when unknown.</summary>
    internal static ResultType Parse(string name)
    {
        var index = Array.FindIndex(Names, n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase));
        return index < 0 ? ResultType.Other : (ResultType)index;
    }
}
