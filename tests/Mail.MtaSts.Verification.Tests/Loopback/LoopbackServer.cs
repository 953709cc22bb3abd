using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Mail.MtaSts.Verification.Tests.Loopback;

/// <summary>
/// A TCP server on 127.0.0.1 (an ephemeral port) that runs <c>serve</c> for every connection; the hostile test
/// servers and the well-behaved ones are all written as such a function.
/// </summary>
internal sealed class LoopbackServer : IDisposable
{
    private readonly TcpListener listener;
    private readonly Func<NetworkStream, CancellationToken, Task> serve;
    private readonly CancellationTokenSource stop = new();

    /// <summary>Serves on 127.0.0.1 at <paramref name="port"/>; an ephemeral port unless a test needs a real one (443 needs root).</summary>
    internal LoopbackServer(Func<NetworkStream, CancellationToken, Task> serve, int port = 0)
    {
        this.serve = serve;
        listener = new TcpListener(IPAddress.Loopback, port);
        listener.Start();
        _ = AcceptAsync();
    }

    internal int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    public void Dispose()
    {
        stop.Cancel();
        listener.Stop();
    }

    private async Task AcceptAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _ = Task.Run(async () =>
            {
                using (client)
                {
                    try
                    {
                        await serve(client.GetStream(), stop.Token);
                    }
                    catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or SocketException)
                    {
                        // the verifier hung up, as it should on hostile input
                    }
                }
            });
        }
    }

    /// <summary>Reads one CRLF-terminated line (an SMTP command or an HTTP request line), or <c>null</c> at the end.</summary>
    internal static async Task<string?> ReadLineAsync(Stream stream, CancellationToken cancellationToken)
    {
        var line = new StringBuilder();
        var one = new byte[1];
        while (await stream.ReadAsync(one, cancellationToken) == 1)
        {
            if (one[0] == '\n')
            {
                return line.ToString().TrimEnd('\r');
            }

            line.Append((char)one[0]);
        }

        return null;
    }

    /// <summary>Reads an HTTP request's head (up to the empty line).</summary>
    internal static async Task ReadRequestAsync(Stream stream, CancellationToken cancellationToken)
    {
        while (await ReadLineAsync(stream, cancellationToken) is { Length: > 0 })
        {
        }
    }

    /// <summary>Writes ASCII text.</summary>
    internal static async Task WriteAsync(Stream stream, string text, CancellationToken cancellationToken)
    {
        await stream.WriteAsync(Encoding.ASCII.GetBytes(text), cancellationToken);
        await stream.FlushAsync(cancellationToken);
    }

    /// <summary>Runs the server side of a TLS handshake with <paramref name="certificate"/>.</summary>
    internal static Task<SslStream> TlsAsync(Stream stream, X509Certificate2 certificate, CancellationToken cancellationToken) =>
        TlsAsync(stream, new SslServerAuthenticationOptions { ServerCertificate = certificate }, cancellationToken);

    /// <summary>Runs the server side of a TLS handshake with <paramref name="certificate"/>, sending <paramref name="intermediate"/> with it.</summary>
    internal static Task<SslStream> TlsAsync(Stream stream, X509Certificate2 certificate, X509Certificate2 intermediate, CancellationToken cancellationToken) =>
        TlsAsync(stream, new SslServerAuthenticationOptions
        {
            ServerCertificateContext = SslStreamCertificateContext.Create(certificate, [intermediate], offline: true),
        }, cancellationToken);

    private static async Task<SslStream> TlsAsync(Stream stream, SslServerAuthenticationOptions options, CancellationToken cancellationToken)
    {
        var ssl = new SslStream(stream, leaveInnerStreamOpen: true);
        await ssl.AuthenticateAsServerAsync(options, cancellationToken);
        return ssl;
    }
}
