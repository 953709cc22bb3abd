using System.Net;

namespace Mail.MtaSts.Verification.Tests.Loopback;

/// <summary>
/// A mail domain whose DNS (an in-process <see cref="LoopbackDns"/>) points the policy host and the MX host at
/// 127.0.0.1, where a test starts its own HTTPS and SMTP servers on ephemeral ports.
/// </summary>
internal sealed class LoopbackDomain : IDisposable
{
    internal LoopbackDomain(string name, string record = "v=STSv1; id=20260101T000000")
    {
        Name = name;
        Dns.Txt($"_mta-sts.{name}", record)
            .A($"mta-sts.{name}", IPAddress.Loopback)
            .Mx(name, 10, $"mx.{name}")
            .A($"mx.{name}", IPAddress.Loopback);
    }

    internal string Name { get; }

    internal LoopbackDns Dns { get; } = new();

    internal TestCertificates Certificates { get; } = new();

    /// <summary>Options that send every lookup to the loopback DNS and trust the test CA.</summary>
    internal VerificationOptions Options(int httpsPort, int? smtpPort, TimeSpan timeout)
    {
        var options = new VerificationOptions
        {
            DnsServer = Dns.Endpoint,
            Timeout = timeout,
            HttpsPort = httpsPort,
            SmtpPort = smtpPort ?? 1,
            CheckSmtp = smtpPort is not null,
        };
        options.TrustRoots.Add(Certificates.Authority);
        return options;
    }

    public void Dispose() => Dns.Dispose();
}
