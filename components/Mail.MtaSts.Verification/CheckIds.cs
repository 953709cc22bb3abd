namespace Mail.MtaSts.Verification;

/// <summary>
/// Every <see cref="Check.Id"/> the verifier reports, in one place: a public contract for pipelines that match on them
/// (docs/verify-json.md lists exactly these). An id may occur more than once in a report (one per MX host, one per
/// diagnostic); new ids may be added, none is renamed or removed within <c>mta-sts-verify/1</c>.
/// </summary>
public static class CheckIds
{
    /// <summary>The argument is not a domain name.</summary>
    public const string DnsDomain = "dns.domain";

    /// <summary><c>_mta-sts.&lt;d&gt;</c> TXT: present, exactly one <c>v=STSv1</c> record, its syntax (RFC 8461 §3.1).</summary>
    public const string DnsMtaStsRecord = "dns.mta-sts-record";

    /// <summary>An STS record placed at the domain itself, where senders do not look (RFC 8461 §3.1).</summary>
    public const string DnsApexRecord = "dns.apex-record";

    /// <summary>With an expected policy: the record's id is the id of the expected bytes (RFC 8461 §8.1).</summary>
    public const string DnsExpectedId = "dns.expected-id";

    /// <summary><c>mta-sts.&lt;d&gt;</c> resolves (RFC 8461 §3.3).</summary>
    public const string DnsPolicyHost = "dns.policy-host";

    /// <summary>The deadline stopped the record lookup.</summary>
    public const string DnsDeadline = "dns.deadline";

    /// <summary>Not fetched: the policy host has no address.</summary>
    public const string PolicyHostFetch = "policy-host.fetch";

    /// <summary>The TCP connection to the policy host.</summary>
    public const string PolicyHostConnect = "policy-host.connect";

    /// <summary>The TLS handshake with the policy host: SNI, TLS 1.2 or later (RFC 8461 §3.3).</summary>
    public const string PolicyHostTls = "policy-host.tls";

    /// <summary>The policy host's certificate chains to a trusted root.</summary>
    public const string PolicyHostCertificateTrust = "policy-host.certificate.trust";

    /// <summary>The policy host's certificate is valid for <c>mta-sts.&lt;d&gt;</c>.</summary>
    public const string PolicyHostCertificateName = "policy-host.certificate.name";

    /// <summary>The policy host's certificate is in date.</summary>
    public const string PolicyHostCertificateExpiry = "policy-host.certificate.expiry";

    /// <summary>The HTTP exchange failed after TLS.</summary>
    public const string PolicyHostHttp = "policy-host.http";

    /// <summary>The status is exactly 200; redirects are not followed (RFC 8461 §3.3).</summary>
    public const string PolicyHostStatus = "policy-host.status";

    /// <summary>The policy is served as <c>text/plain</c> (RFC 8461 §3.2).</summary>
    public const string PolicyHostContentType = "policy-host.content-type";

    /// <summary>The policy is at most 64 KiB (RFC 8461 §3.3).</summary>
    public const string PolicyHostSize = "policy-host.size";

    /// <summary>The policy's syntax and the core's advice, then the parsed policy (RFC 8461 §3.2).</summary>
    public const string PolicyHostPolicy = "policy-host.policy";

    /// <summary>With an expected policy: the served bytes equal it (RFC 8461 §8.1).</summary>
    public const string PolicyHostExpectedPolicy = "policy-host.expected-policy";

    /// <summary>The deadline stopped the fetch.</summary>
    public const string PolicyHostDeadline = "policy-host.deadline";

    /// <summary>The live MX records (RFC 8461 §4, RFC 7505).</summary>
    public const string MxRecords = "mx.records";

    /// <summary>An MX host matches an mx pattern (RFC 8461 §4.1).</summary>
    public const string MxCoverage = "mx.coverage";

    /// <summary>An MX host resolves.</summary>
    public const string MxAddress = "mx.address";

    /// <summary>STARTTLS on an MX host, TLS 1.2 or later with SNI (RFC 8461 §4.2).</summary>
    public const string MxStartTls = "mx.starttls";

    /// <summary>An MX host's certificate chains to a trusted root.</summary>
    public const string MxCertificateTrust = "mx.certificate.trust";

    /// <summary>An MX host's certificate is valid for the MX host name.</summary>
    public const string MxCertificateName = "mx.certificate.name";

    /// <summary>An MX host's certificate is in date.</summary>
    public const string MxCertificateExpiry = "mx.certificate.expiry";

    /// <summary>The TLSA records of an MX host (DANE, RFC 7672), for information.</summary>
    public const string MxTlsa = "mx.tlsa";

    /// <summary>The deadline stopped the MX lookup or a probe.</summary>
    public const string MxDeadline = "mx.deadline";

    /// <summary>Whether senders would deliver to every MX host under mode enforce (RFC 8461 §5).</summary>
    public const string MxEnforceReady = "mx.enforce-ready";

    /// <summary><c>_smtp._tls.&lt;d&gt;</c>: exactly one <c>v=TLSRPTv1</c> record, its syntax (RFC 8460 §3).</summary>
    public const string TlsRptRecord = "tlsrpt.record";

    /// <summary>Where TLS reports go (RFC 8460 §3).</summary>
    public const string TlsRptRua = "tlsrpt.rua";

    /// <summary>The deadline stopped the TLS-RPT lookups.</summary>
    public const string TlsRptDeadline = "tlsrpt.deadline";
}
