using System.Text;
using Mail.MtaSts.Verification.Tests.Loopback;

namespace Mail.MtaSts.Verification.Tests;

/// <summary>
/// Chains with an intermediate CA: every certificate of the path must be in date (RFC 5280 §6.1.3), not only the leaf
/// whose dates the expiry check reports. A sender (OpenSSL, as Postfix uses it) refuses a chain whose intermediate
/// has expired, so the verifier must not call it trusted.
/// </summary>
public sealed class CertificateChainTests : IDisposable
{
    private const string Name = "chain.test";
    private const string Policy = "version: STSv1\nmode: enforce\nmx: mx.chain.test\nmax_age: 604800\n";
    private readonly LoopbackDomain domain = new(Name, "v=STSv1; id=" + PolicyId.ForPolicy(Encoding.ASCII.GetBytes(Policy)).Value);

    public void Dispose() => domain.Dispose();

    [Fact(Timeout = 30_000)]
    public async Task A_policy_host_chain_through_a_valid_intermediate_is_trusted()
    {
        var intermediate = domain.Certificates.Intermediate("Test Intermediate", DateTimeOffset.UtcNow.AddDays(-30), DateTimeOffset.UtcNow.AddDays(300));

        var report = await VerifyPolicyHost(intermediate);

        Assert.Equal(CheckStatus.Pass, Assert.Single(report.Checks, c => c.Id == "policy-host.certificate.trust").Status);
        Assert.Equal(PolicyMode.Enforce, report.Policy?.Mode);
    }

    [Fact(Timeout = 30_000)]
    public async Task A_policy_host_chain_through_an_expired_intermediate_is_not_trusted()
    {
        var intermediate = domain.Certificates.Intermediate("Expired Intermediate", DateTimeOffset.UtcNow.AddDays(-400), DateTimeOffset.UtcNow.AddDays(-3));

        var report = await VerifyPolicyHost(intermediate);

        var trust = Assert.Single(report.Checks, c => c.Id == "policy-host.certificate.trust");
        Assert.Equal(CheckStatus.Fail, trust.Status);
        Assert.Contains("CN=Expired Intermediate", trust.Message);
        Assert.Contains($"expired on {intermediate.NotAfter.ToUniversalTime():yyyy-MM-dd}", trust.Message);
        // The leaf itself is in date: its own expiry check still passes.
        Assert.Equal(CheckStatus.Pass, Assert.Single(report.Checks, c => c.Id == "policy-host.certificate.expiry").Status);
        Assert.Null(report.Policy);
    }

    [Fact(Timeout = 30_000)]
    public async Task An_MX_chain_through_an_expired_intermediate_fails_under_enforce()
    {
        var intermediate = domain.Certificates.Intermediate("Expired Intermediate", DateTimeOffset.UtcNow.AddDays(-400), DateTimeOffset.UtcNow.AddDays(-3));
        var policyCertificate = domain.Certificates.Issue($"mta-sts.{Name}");
        using var https = new LoopbackServer(async (stream, ct) =>
        {
            await using var tls = await LoopbackServer.TlsAsync(stream, policyCertificate, ct);
            await ServePolicy(tls, ct);
        });
        var mxCertificate = TestCertificates.Issue($"mx.{Name}", 90, intermediate);
        using var smtp = new LoopbackServer(async (stream, ct) =>
        {
            await LoopbackServer.WriteAsync(stream, $"220 mx.{Name} ESMTP test\r\n", ct);
            await LoopbackServer.ReadLineAsync(stream, ct);
            await LoopbackServer.WriteAsync(stream, $"250-mx.{Name}\r\n250 STARTTLS\r\n", ct);
            await LoopbackServer.ReadLineAsync(stream, ct);
            await LoopbackServer.WriteAsync(stream, "220 2.0.0 Ready to start TLS\r\n", ct);
            await using var tls = await LoopbackServer.TlsAsync(stream, mxCertificate, intermediate, ct);
            await LoopbackServer.ReadLineAsync(tls, ct);
        });

        var report = await new Verifier(domain.Options(https.Port, smtp.Port, TimeSpan.FromSeconds(10))).VerifyAsync(Name);

        Assert.Equal(PolicyMode.Enforce, report.Policy?.Mode);
        var trust = Assert.Single(report.Checks, c => c.Id == "mx.certificate.trust");
        Assert.Equal(CheckStatus.Fail, trust.Status);
        Assert.Contains("CN=Expired Intermediate", trust.Message);
        Assert.Contains(report.Checks, c => c.Id == "mx.enforce-ready" && c.Status == CheckStatus.Fail
            && c.Message.Contains("mx.chain.test (certificate not trusted)", StringComparison.Ordinal));
    }

    private async Task<VerificationReport> VerifyPolicyHost(System.Security.Cryptography.X509Certificates.X509Certificate2 intermediate)
    {
        var leaf = TestCertificates.Issue($"mta-sts.{Name}", 90, intermediate);
        using var https = new LoopbackServer(async (stream, ct) =>
        {
            await using var tls = await LoopbackServer.TlsAsync(stream, leaf, intermediate, ct);
            await ServePolicy(tls, ct);
        });

        return await new Verifier(domain.Options(https.Port, null, TimeSpan.FromSeconds(10))).VerifyAsync(Name);
    }

    private static async Task ServePolicy(Stream tls, CancellationToken ct)
    {
        await LoopbackServer.ReadRequestAsync(tls, ct);
        await LoopbackServer.WriteAsync(tls,
            $"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {Policy.Length}\r\nConnection: close\r\n\r\n{Policy}", ct);
    }
}
