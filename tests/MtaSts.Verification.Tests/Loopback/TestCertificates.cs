using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Mail.MtaSts.Verification.Tests.Loopback;

/// <summary>A throwaway CA made in memory and leaf certificates it signs, for the in-process TLS servers.</summary>
internal sealed class TestCertificates
{
    private readonly ECDsa caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    internal TestCertificates()
    {
        var request = new CertificateRequest("CN=MtaSts verification test CA", caKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        Authority = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-2), DateTimeOffset.UtcNow.AddYears(1));
    }

    /// <summary>The CA certificate, to be given to the verifier as a trust root.</summary>
    internal X509Certificate2 Authority { get; }

    /// <summary>A server certificate for <paramref name="dnsName"/> valid from yesterday for <paramref name="days"/> days.</summary>
    internal X509Certificate2 Issue(string dnsName, int days = 90)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={dnsName}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(dnsName);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Authority, true, false));
        var serial = RandomNumberGenerator.GetBytes(12);
        using var certificate = request.Create(Authority, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(days), serial);
        using var withKey = certificate.CopyWithPrivateKey(key);
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }
}
