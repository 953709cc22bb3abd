using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace Mail.MtaSts.Verification;

/// <summary>
/// One fetch of <c>https://mta-sts.&lt;domain&gt;/.well-known/mta-sts.txt</c> done the way RFC 8461 §3.3 tells a
/// sender to: connect to an address from the verifier's own DNS, TLS 1.2+ with SNI, no redirects followed, the body
/// read up to <see cref="Policy.MaxSize"/> plus one byte and no further. It records facts; nothing here judges them.
/// </summary>
internal sealed class PolicyFetch(X509ChainPolicy trust)
{
    /// <summary>The most addresses of the policy host tried before giving up.</summary>
    internal const int MaxAddresses = 4;

    /// <summary>The TLS handshake's facts; empty when the handshake did not complete.</summary>
    internal TlsSession Tls { get; } = new();

    /// <summary>The address connected to.</summary>
    internal IPEndPoint? Endpoint { get; private set; }

    /// <summary>What the fetch was doing last; named when the deadline stops it.</summary>
    internal string Phase { get; private set; } = "connecting";

    /// <summary>The addresses of the host not connected to, each with its rule (<see cref="Destination"/>).</summary>
    internal List<string> Refused { get; } = [];

    /// <summary>Why no TCP connection was made, if so.</summary>
    internal string? ConnectError { get; private set; }

    /// <summary>Why the TLS handshake failed, if so.</summary>
    internal string? TlsError { get; private set; }

    /// <summary>Why the HTTP exchange failed after TLS, if so.</summary>
    internal string? HttpError { get; private set; }

    /// <summary>The HTTP status code, when a response arrived.</summary>
    internal int? Status { get; private set; }

    /// <summary>The <c>Location</c> header as sent (a redirect is reported and never followed), however malformed.</summary>
    internal string? Location { get; private set; }

    /// <summary>Whether <see cref="Location"/> is a URI reference (RFC 3986 §4.1): it parses and has no control characters.</summary>
    internal bool LocationIsUri { get; private set; }

    /// <summary>The <c>Content-Type</c> header as sent.</summary>
    internal string? ContentType { get; private set; }

    /// <summary>The body, at most <see cref="Policy.MaxSize"/> + 1 bytes: one more than a policy may have.</summary>
    internal byte[] Body { get; private set; } = [];

    /// <summary>Fetches the policy from <paramref name="host"/> at one of <paramref name="addresses"/>.</summary>
    internal async Task RunAsync(string host, IReadOnlyList<IPAddress> addresses, int port, CancellationToken cancellationToken)
    {
        using var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false, // RFC 8461 §3.3: senders must not follow redirects
            UseProxy = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            MaxResponseHeadersLength = 16, // KiB
            MaxConnectionsPerServer = 1,
            ConnectCallback = (_, ct) => ConnectAsync(host, addresses, port, ct),
        };
        using var client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };

        // The scheme is http only because the TLS is done by ConnectCallback, which resolves through the verifier's
        // DNS and records the handshake; the bytes on the wire are HTTPS to port 443.
        using var request = new HttpRequestMessage(HttpMethod.Get, new UriBuilder("http", host, port, DeploymentPlan.PolicyPath).Uri)
        {
            Version = HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        // RFC 9110 §7.2: the Host an https URL gives, without the default port 443 that the http scheme would add.
        request.Headers.Host = port == 443 ? host : $"{host}:{port}";
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("mta-sts-verify", "1"));

        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (HttpRequestException) when (ConnectError is not null || TlsError is not null)
        {
            return; // already recorded by ConnectAsync
        }
        catch (HttpRequestException e)
        {
            HttpError = Describe(e);
            return;
        }

        using (response)
        {
            Status = (int)response.StatusCode;
            // The typed header is null for a value that does not parse; the value as sent is still the finding.
            Location = response.Headers.NonValidated.TryGetValues("Location", out var locations) ? locations.ToString() : null;
            LocationIsUri = response.Headers.Location is not null && Location?.Any(char.IsControl) == false;
            ContentType = response.Content.Headers.NonValidated.TryGetValues("Content-Type", out var types) ? types.ToString() : null;
            Phase = $"reading the body from {Endpoint}";
            try
            {
                await ReadBodyAsync(response.Content, cancellationToken);
            }
            catch (Exception e) when (e is HttpRequestException or IOException)
            {
                HttpError = "reading the body: " + Describe(e);
            }
        }
    }

    private async Task ReadBodyAsync(HttpContent content, CancellationToken cancellationToken)
    {
        // RFC 8461 §3.3: a policy is at most 64 KiB; read one byte more to know it is longer, then stop.
        var buffer = new byte[Policy.MaxSize + 1];
        var length = 0;
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        while (length < buffer.Length)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken);
            if (read == 0)
            {
                break;
            }

            length += read;
        }

        Body = buffer[..length];
    }

    private async ValueTask<Stream> ConnectAsync(string host, IReadOnlyList<IPAddress> addresses, int port, CancellationToken cancellationToken)
    {
        var errors = new List<string>();
        var connected = await Destination.ConnectAsync(
            Destination.Connectable(host, addresses, Refused), port, MaxAddresses, e => Phase = $"connecting to {e}", errors, cancellationToken);
        if (connected is not { } connection)
        {
            ConnectError = string.Join("; ", [.. Refused, .. errors]);
            throw new HttpRequestException(ConnectError);
        }

        Endpoint = connection.Endpoint;
        Phase = $"TLS handshake with {Endpoint}";
        try
        {
            var ssl = await Tls.AuthenticateAsync(new NetworkStream(connection.Socket, ownsSocket: true), host, [SslApplicationProtocol.Http11], trust, cancellationToken);
            Phase = $"waiting for the HTTP response from {Endpoint}";
            return ssl;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            TlsError = Describe(e);
            throw;
        }
    }

    /// <summary>An exception's messages, outermost first, without repeats.</summary>
    internal static string Describe(Exception exception)
    {
        var messages = new List<string>();
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (!messages.Contains(e.Message))
            {
                messages.Add(e.Message);
            }
        }

        return string.Join(": ", messages);
    }
}
