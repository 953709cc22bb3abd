using System.Security.Cryptography.X509Certificates;
using System.Text;
using Mail.MtaSts.Verification.Tests.Loopback;

namespace Mail.MtaSts.Verification.Tests;

/// <summary>
/// A certificate a server presents must be one for server authentication: when it lists an extended key usage, that
/// must include id-kp-serverAuth (RFC 5280 §4.2.1.12), as TLS clients require, whichever roots the chain ends in.
/// </summary>
public sealed class ExtendedKeyUsageTests : IDisposable
{
    private const string Name = "eku.test";
    private const string Policy = "version: STSv1\nmode: enforce\nmx: mx.eku.test\nmax_age: 604800\n";
    private readonly LoopbackDomain domain = new(Name, "v=STSv1; id=" + PolicyId.ForPolicy(Encoding.ASCII.GetBytes(Policy)).Value);

    public void Dispose() => domain.Dispose();

    [Fact(Timeout = 30_000)]
    public async Task A_policy_host_certificate_only_for_client_authentication_is_not_trusted_and_the_usage_is_named()
    {
        var certificate = domain.Certificates.Issue($"mta-sts.{Name}", TestCertificates.ClientAuthentication);
        using var https = new LoopbackServer(async (stream, ct) =>
        {
            await using var tls = await LoopbackServer.TlsAsync(stream, certificate, ct);
            await ServePolicy(tls, ct);
        });

        var report = await new Verifier(domain.Options(https.Port, null, TimeSpan.FromSeconds(10))).VerifyAsync(Name);

        var trust = Assert.Single(report.Checks, c => c.Id == "policy-host.certificate.trust");
        Assert.Equal(CheckStatus.Fail, trust.Status);
        Assert.Contains("clientAuth (1.3.6.1.5.5.7.3.2)", trust.Message);
        Assert.Contains("serverAuth (1.3.6.1.5.5.7.3.1)", trust.Message);
        Assert.Null(report.Policy);
    }

    [Fact(Timeout = 30_000)]
    public async Task An_MX_certificate_only_for_client_authentication_is_refused_under_enforce()
    {
        var policyCertificate = domain.Certificates.Issue($"mta-sts.{Name}");
        using var https = new LoopbackServer(async (stream, ct) =>
        {
            await using var tls = await LoopbackServer.TlsAsync(stream, policyCertificate, ct);
            await ServePolicy(tls, ct);
        });
        var mxCertificate = domain.Certificates.Issue($"mx.{Name}", TestCertificates.ClientAuthentication);
        using var smtp = new LoopbackServer(async (stream, ct) =>
        {
            await LoopbackServer.WriteAsync(stream, $"220 mx.{Name} ESMTP test\r\n", ct);
            await LoopbackServer.ReadLineAsync(stream, ct);
            await LoopbackServer.WriteAsync(stream, $"250-mx.{Name}\r\n250 STARTTLS\r\n", ct);
            await LoopbackServer.ReadLineAsync(stream, ct);
            await LoopbackServer.WriteAsync(stream, "220 2.0.0 Ready to start TLS\r\n", ct);
            await using var tls = await LoopbackServer.TlsAsync(stream, mxCertificate, ct);
            await LoopbackServer.ReadLineAsync(tls, ct);
        });

        var report = await new Verifier(domain.Options(https.Port, smtp.Port, TimeSpan.FromSeconds(10))).VerifyAsync(Name);

        Assert.Equal(PolicyMode.Enforce, report.Policy?.Mode);
        var trust = Assert.Single(report.Checks, c => c.Id == "mx.certificate.trust");
        Assert.Equal(CheckStatus.Fail, trust.Status);
        Assert.Contains("serverAuth (1.3.6.1.5.5.7.3.1)", trust.Message);
        Assert.Contains(report.Checks, c => c.Id == "mx.enforce-ready" && c.Status == CheckStatus.Fail
            && c.Message.Contains("mx.eku.test (certificate not trusted)", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(true)]  // the handshake's chain, to the extra roots (--ca-file)
    [InlineData(false)] // the system roots: the handshake without extra roots, and the second try after the extra roots failed
    public void Every_chain_policy_requires_server_authentication(bool extraRoots)
    {
        // The system's roots cannot be given a test CA, so the policy of that path is asserted directly: a chain built
        // with it (X509ChainPolicy.ApplicationPolicy) fails for a leaf or issuer whose usages exclude serverAuth.
        X509Certificate2[] roots = extraRoots ? [domain.Certificates.Authority] : [];

        var policy = CertificateChecks.Trust(roots);

        Assert.Equal(TestCertificates.ServerAuthentication, Assert.Single(policy.ApplicationPolicy.Cast<System.Security.Cryptography.Oid>()).Value);
    }

    private static async Task ServePolicy(Stream tls, CancellationToken ct)
    {
        await LoopbackServer.ReadRequestAsync(tls, ct);
        await LoopbackServer.WriteAsync(tls,
            $"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {Policy.Length}\r\nConnection: close\r\n\r\n{Policy}", ct);
    }
}
