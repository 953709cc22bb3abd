using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Mail.MtaSts.Verification.Tests.Loopback;

/// <summary>A throwaway CA made in memory and leaf certificates it signs, for the in-process TLS servers.</summary>
internal sealed class TestCertificates
{
    /// <summary>id-kp-serverAuth (RFC 5280 §4.2.1.12).</summary>
    internal const string ServerAuthentication = "1.3.6.1.5.5.7.3.1";

    /// <summary>id-kp-clientAuth (RFC 5280 §4.2.1.12).</summary>
    internal const string ClientAuthentication = "1.3.6.1.5.5.7.3.2";

    private readonly ECDsa caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    internal TestCertificates()
    {
        var request = new CertificateRequest("CN=MtaSts verification test CA", caKey, HashAlgorithmName.SHA256);
        AddCaExtensions(request);
        Authority = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-2), DateTimeOffset.UtcNow.AddYears(1));
    }

    /// <summary>The CA certificate, to be given to the verifier as a trust root.</summary>
    internal X509Certificate2 Authority { get; }

    /// <summary>A server certificate for <paramref name="dnsName"/> valid from yesterday for <paramref name="days"/> days.</summary>
    internal X509Certificate2 Issue(string dnsName, int days = 90) => Issue(dnsName, days, Authority);

    /// <summary>
    /// A server certificate for <paramref name="dnsName"/> valid from yesterday for <paramref name="days"/> days, signed
    /// by <paramref name="issuer"/> (which has its private key) whatever the issuer's own dates are.
    /// </summary>
    internal static X509Certificate2 Issue(string dnsName, int days, X509Certificate2 issuer)
    {
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(dnsName);
        return Issue(dnsName, names.Build(), days, issuer);
    }

    /// <summary>A server certificate named <paramref name="commonName"/> with <paramref name="subjectAlternativeName"/> as given, however malformed.</summary>
    internal X509Certificate2 Issue(string commonName, X509Extension subjectAlternativeName) => Issue(commonName, subjectAlternativeName, 90, Authority);

    /// <summary>A certificate for <paramref name="dnsName"/> whose extended key usage lists only <paramref name="usage"/> (an OID).</summary>
    internal X509Certificate2 Issue(string dnsName, string usage)
    {
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(dnsName);
        return Issue(dnsName, names.Build(), 90, Authority, usage);
    }

    private static X509Certificate2 Issue(
        string commonName, X509Extension subjectAlternativeName, int days, X509Certificate2 issuer, string usage = ServerAuthentication)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var subject = new X500DistinguishedNameBuilder();
        subject.AddCommonName(commonName); // any characters, unlike the string form "CN=..."
        var request = new CertificateRequest(subject.Build(), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(subjectAlternativeName);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(usage)], false));
        return Sign(request, key, issuer, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(days));
    }

    /// <summary>An intermediate CA under <see cref="Authority"/> valid from <paramref name="notBefore"/> to <paramref name="notAfter"/>.</summary>
    internal X509Certificate2 Intermediate(string name, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        AddCaExtensions(request);
        return Sign(request, key, Authority, notBefore, notAfter);
    }

    private static void AddCaExtensions(CertificateRequest request)
    {
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
    }

    /// <summary>
    /// Signs with the issuer's key through a signature generator, so that a certificate may outlive an expired issuer
    /// (<see cref="CertificateRequest.Create(X509Certificate2, DateTimeOffset, DateTimeOffset, byte[])"/> refuses that).
    /// </summary>
    private static X509Certificate2 Sign(CertificateRequest request, ECDsa key, X509Certificate2 issuer, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, true, false));
        using var issuerKey = issuer.GetECDsaPrivateKey()!;
        var serial = RandomNumberGenerator.GetBytes(12);
        using var certificate = request.Create(issuer.SubjectName, X509SignatureGenerator.CreateForECDsa(issuerKey), notBefore, notAfter, serial);
        using var withKey = certificate.CopyWithPrivateKey(key);
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }
}
