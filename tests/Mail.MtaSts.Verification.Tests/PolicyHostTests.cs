using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Mail.MtaSts.Verification.Tests.Loopback;

namespace Mail.MtaSts.Verification.Tests;

/// <summary>
/// What the policy host serves, judged as a sender judges it (RFC 8461 §3.2, §3.3): the media type and charset, the
/// bytes of the body (BOM, encoding, line ends), the core's warnings about the policy, and the host's certificate and
/// TLS version. Each finding is one check with its id, status, the observed value and the section.
/// </summary>
public sealed class PolicyHostTests : IDisposable
{
    private const string Name = "served.test";
    private const string Good = "version: STSv1\nmode: enforce\nmx: mx.served.test\nmax_age: 604800\n";
    private readonly LoopbackDomain domain = new(Name);

    public void Dispose() => domain.Dispose();

    [Theory(Timeout = 30_000)]
    [InlineData("text/html", Good, "policy-host.content-type", CheckStatus.Fail, "Content-Type is \"text/html\"; the policy must be served as text/plain", "RFC 8461 §3.2")]
    [InlineData(null, Good, "policy-host.content-type", CheckStatus.Fail, "Content-Type is missing; the policy must be served as text/plain", "RFC 8461 §3.2")]
    [InlineData("text/plain; charset=iso-8859-1", Good, "policy-host.content-type", CheckStatus.Warn, "\"text/plain; charset=iso-8859-1\"; the policy is ASCII/UTF-8 text", "RFC 8461 §3.2")]
    [InlineData("TEXT/PLAIN; charset=US-ASCII", Good, "policy-host.content-type", CheckStatus.Pass, "Content-Type is \"TEXT/PLAIN; charset=US-ASCII\"", "RFC 8461 §3.2")]
    [InlineData("text/plain", "\uFEFF" + Good, "policy-host.policy", CheckStatus.Fail, "line 1: body \"\\uFEFF\": the policy must not start with a UTF-8 byte order mark", "RFC 8461 §3.2")]
    [InlineData("text/plain", "version: STSv1\rmode: enforce\nmx: mx.served.test\nmax_age: 604800\n", "policy-host.policy", CheckStatus.Fail, "a lone CR is not a line end", "RFC 8461 §3.2")]
    [InlineData("text/plain", "version: STSv1\nmode: enforce\nmx: mx.served.test\nmax_age: 3600\n", "policy-host.policy", CheckStatus.Warn, "line 4: max_age \"3600\": under one day", "RFC 8461 §3.2")]
    [InlineData("text/plain", "version: STSv1\nmode: enforce\nmode: testing\nmx: mx.served.test\nmax_age: 604800\n", "policy-host.policy", CheckStatus.Warn, "line 3: mode \"testing\": repeated field; senders use the first value (line 2)", "RFC 8461 §3.2")]
    [InlineData("text/plain", "version: STSv1\nmode: enforce\nmx: mx.served.test\nmax_age: 604800\nfoo: bar\n", "policy-host.policy", CheckStatus.Warn, "line 5: foo \"bar\": unknown field; senders ignore it", "RFC 8461 §3.2")]
    [InlineData("text/plain", "version: STSv1\nmode: enforce\nmax_age: 604800\n", "policy-host.policy", CheckStatus.Fail, "mx \"\": mode enforce needs at least one mx line", "RFC 8461 §3.2")]
    public async Task What_the_policy_host_serves_is_one_check_with_the_observed_value(
        string? contentType, string body, string id, CheckStatus status, string observed, string section)
    {
        using var https = PolicyHost(Encoding.UTF8.GetBytes(body), contentType);

        var report = await new Verifier(domain.Options(https.Port, null, TimeSpan.FromSeconds(10))).VerifyAsync(Name);

        // One check per finding: a broken line may bring more findings (its field then reads wrong), each its own.
        var check = Assert.Single(report.Checks, c => c.Id == id && c.Status == status && c.Message.Contains(observed, StringComparison.Ordinal));
        Assert.Equal(section, check.Section);
        Assert.Equal(status is CheckStatus.Pass, check.Fix.Length == 0);
        // A sender applies the policy only when nothing about the fetch or the policy is an error (RFC 8461 §3.3).
        Assert.Equal(report.Checks.Any(c => c.Area == CheckArea.PolicyHost && c.Status == CheckStatus.Fail), report.Policy is null);
    }

    [Fact(Timeout = 30_000)]
    public async Task A_body_that_is_not_UTF_8_is_a_failed_policy_check()
    {
        byte[] body = [.. Encoding.ASCII.GetBytes("version: STSv1\nmode: enforce\nmx: mx.served.t"), 0xE9, .. Encoding.ASCII.GetBytes("st\nmax_age: 604800\n")];
        using var https = PolicyHost(body, "text/plain");

        var report = await new Verifier(domain.Options(https.Port, null, TimeSpan.FromSeconds(10))).VerifyAsync(Name);

        var check = Assert.Single(report.Checks, c => c.Id == "policy-host.policy" && c.Status == CheckStatus.Fail);
        Assert.Contains("the policy must be UTF-8 text", check.Message);
        Assert.Null(report.Policy);
    }

    [Theory(Timeout = 30_000)]
    [InlineData("mta-sts.served.test", 5, "policy-host.certificate.expiry", CheckStatus.Warn, "expires on")]
    [InlineData("mta-sts.served.test", -1, "policy-host.certificate.expiry", CheckStatus.Fail, "expired on")]
    [InlineData("www.served.test", 90, "policy-host.certificate.name", CheckStatus.Fail, "is not valid for mta-sts.served.test: it names www.served.test")]
    public async Task The_policy_host_certificate_is_judged_for_its_name_and_dates(string name, int days, string id, CheckStatus status, string observed)
    {
        using var https = PolicyHost(Encoding.ASCII.GetBytes(Good), "text/plain", domain.Certificates.Issue(name, days));

        var report = await new Verifier(domain.Options(https.Port, null, TimeSpan.FromSeconds(10))).VerifyAsync(Name);

        var check = Assert.Single(report.Checks, c => c.Id == id);
        Assert.Equal(status, check.Status);
        Assert.Contains(observed, check.Message);
        Assert.Equal("RFC 8461 §3.3", check.Section);
        // An expiring certificate is still accepted; an expired or wrong-name one is not (RFC 8461 §3.3).
        Assert.Equal(status == CheckStatus.Fail, report.Policy is null);
    }

    [Fact(Timeout = 30_000)]
    public async Task An_extra_trust_root_trusts_only_the_verifier_given_it_and_changes_no_store()
    {
        using var https = PolicyHost(Encoding.ASCII.GetBytes(Good), "text/plain");
        var withRoot = domain.Options(https.Port, null, TimeSpan.FromSeconds(10));
        var withoutRoot = domain.Options(https.Port, null, TimeSpan.FromSeconds(10));
        withoutRoot.TrustRoots.Clear();
        var before = StoreThumbprints();

        var trusted = await new Verifier(withRoot).VerifyAsync(Name);
        var untrusted = await new Verifier(withoutRoot).VerifyAsync(Name);

        Assert.Equal(CheckStatus.Pass, Assert.Single(trusted.Checks, c => c.Id == "policy-host.certificate.trust").Status);
        // Had the first verifier installed the root anywhere, the second would now trust the chain as well.
        var refused = Assert.Single(untrusted.Checks, c => c.Id == "policy-host.certificate.trust");
        Assert.Equal(CheckStatus.Fail, refused.Status);
        Assert.Contains("is not trusted", refused.Message);
        Assert.Null(untrusted.Policy);
        Assert.Equal(before, StoreThumbprints());
    }

    private static List<string> StoreThumbprints()
    {
        var thumbprints = new List<string>();
        foreach (var location in new[] { StoreLocation.CurrentUser, StoreLocation.LocalMachine })
        {
            using var store = new X509Store(StoreName.Root, location);
            store.Open(OpenFlags.ReadOnly);
            thumbprints.AddRange(store.Certificates.Select(c => c.Thumbprint));
        }

        return [.. thumbprints.Order()];
    }

    [Fact(Timeout = 30_000)]
    public async Task A_policy_host_offering_only_TLS_1_1_fails_the_handshake()
    {
        // RFC 8461 §3.3 and §7.2 (by reference to RFC 7525): TLS 1.2 or later. The verifier offers nothing older.
        var certificate = domain.Certificates.Issue("mta-sts." + Name);
        var options = new SslServerAuthenticationOptions { ServerCertificate = certificate };
#pragma warning disable SYSLIB0039 // TLS 1.1 on purpose: the server a sender must refuse
        options.EnabledSslProtocols = SslProtocols.Tls11;
#pragma warning restore SYSLIB0039
        using var https = new LoopbackServer(async (stream, ct) =>
        {
            await using var tls = new SslStream(stream, leaveInnerStreamOpen: true);
            await tls.AuthenticateAsServerAsync(options, ct);
        });

        var report = await new Verifier(domain.Options(https.Port, null, TimeSpan.FromSeconds(10))).VerifyAsync(Name);

        var check = Assert.Single(report.Checks, c => c.Id == "policy-host.tls");
        Assert.Equal(CheckStatus.Fail, check.Status);
        Assert.Contains($"TLS handshake with mta-sts.{Name} at 127.0.0.1:{https.Port} failed", check.Message);
        Assert.Null(report.Policy);
    }

    private LoopbackServer PolicyHost(byte[] body, string? contentType, X509Certificate2? certificate = null)
    {
        certificate ??= domain.Certificates.Issue("mta-sts." + Name);
        var type = contentType is null ? "" : $"Content-Type: {contentType}\r\n";
        var head = Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\n{type}Content-Length: {body.Length}\r\nConnection: close\r\n\r\n");
        return new LoopbackServer(async (stream, ct) =>
        {
            await using var tls = await LoopbackServer.TlsAsync(stream, certificate, ct);
            await LoopbackServer.ReadRequestAsync(tls, ct);
            await tls.WriteAsync(head.Concat(body).ToArray(), ct);
            await tls.FlushAsync(ct);
        });
    }
}
