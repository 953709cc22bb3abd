using System.Net;
using System.Text;
using Mail.MtaSts.Verification;
using Mail.MtaSts.Verification.Tests.Loopback;

namespace Mail.MtaSts.World.Tests.Verification;

/// <summary>
/// The policy host on the real HTTPS port, 443, served on 127.0.0.1 by an in-process server: binding it needs root,
/// so this test lives here, where <c>./build.sh test</c> runs it inside the world's network namespace.
/// </summary>
public sealed class DefaultPortTests : IDisposable
{
    private const string Name = "good.test";
    private readonly LoopbackDns dns = new();
    private readonly TestCertificates certificates = new();

    public DefaultPortTests() =>
        dns.Txt($"_mta-sts.{Name}", "v=STSv1; id=" + PolicyId.ForPolicy(Encoding.ASCII.GetBytes(Enforce)).Value)
            .A($"mta-sts.{Name}", IPAddress.Loopback)
            .Mx(Name, 10, $"mx.{Name}")
            .A($"mx.{Name}", IPAddress.Loopback);

    private static string Enforce => $"version: STSv1\r\nmode: enforce\r\nmx: mx.{Name}\r\nmax_age: 604800\r\n";

    public void Dispose() => dns.Dispose();

    [Fact(Timeout = 30_000)]
    public async Task The_policy_request_on_port_443_names_the_host_as_a_sender_does()
    {
        // RFC 9110 §7.2 and §4.2.2: for https on its default port the Host header is the bare host name. Servers that
        // route by the exact Host value must see what a sender sends, not "mta-sts.good.test:443".
        var certificate = certificates.Issue($"mta-sts.{Name}");
        var head = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var https = new LoopbackServer(async (stream, ct) =>
        {
            await using var tls = await LoopbackServer.TlsAsync(stream, certificate, ct);
            var lines = new List<string>();
            while (await LoopbackServer.ReadLineAsync(tls, ct) is { Length: > 0 } line)
            {
                lines.Add(line);
            }

            head.TrySetResult(string.Join("\n", lines));
            await LoopbackServer.WriteAsync(tls, $"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {Enforce.Length}\r\n\r\n{Enforce}", ct);
        }, port: 443);

        var options = new VerificationOptions { DnsServer = dns.Endpoint, Timeout = TimeSpan.FromSeconds(10), CheckSmtp = false };
        options.TrustRoots.Add(certificates.Authority);
        var report = await new Verifier(options).VerifyAsync(Name);

        Assert.Equal(PolicyMode.Enforce, report.Policy?.Mode);
        Assert.Equal("Host: mta-sts.good.test", (await head.Task).Split('\n').Single(l => l.StartsWith("Host:", StringComparison.OrdinalIgnoreCase)));
    }
}
