using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace Mail.MtaSts.Verification;

/// <summary>
/// A client TLS handshake that records what the server presented instead of judging it, so that a bad certificate
/// becomes a reported check rather than an exception; the judging is done by <see cref="CertificateChecks"/>. It owns
/// copies of the certificates, released by <see cref="Dispose"/> once they are judged.
/// </summary>
internal sealed class TlsSession : IDisposable
{
    /// <summary>The negotiated protocol; only TLS 1.2 and 1.3 are offered (RFC 8461 §3.3, §4.2).</summary>
    internal SslProtocols Protocol { get; private set; }

    /// <summary>The server's leaf certificate, when it sent one.</summary>
    internal X509Certificate2? Certificate { get; private set; }

    /// <summary>The intermediate certificates the server sent with its leaf.</summary>
    internal X509Certificate2Collection Intermediates { get; } = [];

    /// <summary>Why the chain built during the handshake is not trusted, or <c>null</c> when it is.</summary>
    internal string? ChainProblem { get; private set; }

    /// <summary>
    /// Runs the handshake over <paramref name="inner"/> with SNI <paramref name="host"/> (RFC 8461 §3.3); the chain is
    /// built once, with <paramref name="trust"/>, and its verdict kept in <see cref="ChainProblem"/>.
    /// </summary>
    internal async Task<SslStream> AuthenticateAsync(
        Stream inner, string host, IReadOnlyList<SslApplicationProtocol> alpn, X509ChainPolicy trust, CancellationToken cancellationToken)
    {
        var ssl = new SslStream(inner, leaveInnerStreamOpen: false);
        var options = new SslClientAuthenticationOptions
        {
            TargetHost = host,
            EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            ApplicationProtocols = [.. alpn],
            CertificateChainPolicy = trust.Clone(),
            RemoteCertificateValidationCallback = Capture,
        };
        try
        {
            await ssl.AuthenticateAsClientAsync(options, cancellationToken);
        }
        catch
        {
            await ssl.DisposeAsync();
            throw;
        }

        Protocol = ssl.SslProtocol;
        return ssl;
    }

    /// <summary>Releases the captured certificates; their facts must have been judged before.</summary>
    public void Dispose()
    {
        Certificate?.Dispose();
        foreach (var intermediate in Intermediates)
        {
            intermediate.Dispose();
        }
    }

    private bool Capture(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is not null)
        {
            Certificate = new X509Certificate2(certificate);
        }

        ChainProblem = certificate is null ? "no certificate" : "no chain";
        if (chain is not null)
        {
            ChainProblem = CertificateChecks.Problem(chain, built: (errors & SslPolicyErrors.RemoteCertificateChainErrors) == 0);
            foreach (var extra in chain.ChainPolicy.ExtraStore)
            {
                if (Certificate is null || !extra.RawDataMemory.Span.SequenceEqual(Certificate.RawDataMemory.Span))
                {
                    Intermediates.Add(new X509Certificate2(extra)); // a copy: the handshake's own belong to SslStream
                }
            }
        }

        return true; // judged afterwards, so the failure is reported with the observed certificate
    }
}
