using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Mail.MtaSts.Verification;

/// <summary>
/// One STARTTLS probe of an MX host as a sender makes it (RFC 8461 §4.2, RFC 3207): connect to port 25, read the
/// banner, EHLO, STARTTLS, a TLS 1.2+ handshake with SNI set to the MX host name, QUIT. It records facts only.
/// </summary>
internal sealed class SmtpProbe(X509ChainPolicy trust)
{
    /// <summary>The most addresses of one MX host tried before giving up.</summary>
    internal const int MaxAddresses = 2;

    /// <summary>The TLS handshake's facts; empty when STARTTLS did not get that far.</summary>
    internal TlsSession Tls { get; } = new();

    /// <summary>The address connected to.</summary>
    internal IPEndPoint? Endpoint { get; private set; }

    /// <summary>What the probe was doing last; named when the deadline stops it.</summary>
    internal string Phase { get; private set; } = "connecting";

    /// <summary>The first line of the greeting.</summary>
    internal string? Banner { get; private set; }

    /// <summary>The addresses of the host not connected to, each with its rule (<see cref="Destination"/>).</summary>
    internal List<string> Refused { get; } = [];

    /// <summary>Whether the TLS handshake completed.</summary>
    internal bool Secured { get; private set; }

    /// <summary>Why the probe stopped early, naming the step.</summary>
    internal string? Error { get; private set; }

    /// <summary>Probes <paramref name="host"/> at one of <paramref name="addresses"/>.</summary>
    internal async Task RunAsync(string host, IReadOnlyList<IPAddress> addresses, int port, CancellationToken cancellationToken)
    {
        using var socket = await ConnectAsync(Destination.Connectable(host, addresses, Refused), port, cancellationToken);
        if (socket is null)
        {
            return;
        }

        Stream stream = new NetworkStream(socket, ownsSocket: false);
        try
        {
            var reader = new SmtpReader(stream);
            Phase = $"waiting for the greeting of {Endpoint}";
            var greeting = await reader.ReadAsync(cancellationToken);
            Banner = $"{greeting.Code} {greeting.Lines[0]}";
            if (greeting.Code != 220)
            {
                Error = $"the greeting is \"{Banner}\", not 220";
                return;
            }

            // RFC 5321 §4.1.4: the client names itself; an address literal of the local end is always valid.
            var local = (IPEndPoint)socket.LocalEndPoint!;
            var self = local.AddressFamily == AddressFamily.InterNetworkV6 ? $"[IPv6:{local.Address}]" : $"[{local.Address}]";
            Phase = $"waiting for the EHLO reply of {Endpoint}";
            await SendAsync(stream, $"EHLO {self}", cancellationToken);
            var ehlo = await reader.ReadAsync(cancellationToken);
            if (ehlo.Code != 250)
            {
                Error = $"EHLO was answered \"{ehlo.Code} {ehlo.Lines[0]}\"";
                return;
            }

            // RFC 3207 §4: STARTTLS is offered as an EHLO keyword; without it Error stays null and the check says so.
            if (!ehlo.Lines.Skip(1).Any(l => l.Trim().Equals("STARTTLS", StringComparison.OrdinalIgnoreCase)))
            {
                return;
            }

            Phase = $"waiting for the STARTTLS reply of {Endpoint}";
            await SendAsync(stream, "STARTTLS", cancellationToken);
            var ready = await reader.ReadAsync(cancellationToken);
            if (ready.Code != 220)
            {
                Error = $"STARTTLS was answered \"{ready.Code} {ready.Lines[0]}\"";
                return;
            }

            Phase = $"TLS handshake with {Endpoint}";
            try
            {
                stream = await Tls.AuthenticateAsync(stream, host, [], trust, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Error = "TLS handshake failed: " + PolicyFetch.Describe(e);
                return;
            }

            Secured = true;
            Phase = $"closing the session with {Endpoint}";
            await SendAsync(stream, "QUIT", cancellationToken);
        }
        catch (SmtpProtocolException e)
        {
            Error = $"{Phase}: {e.Message}";
        }
        catch (IOException e)
        {
            Error = Secured ? null : $"{Phase}: {PolicyFetch.Describe(e)}";
        }
        finally
        {
            await stream.DisposeAsync();
        }
    }

    private async Task<Socket?> ConnectAsync(IEnumerable<IPAddress> addresses, int port, CancellationToken cancellationToken)
    {
        var errors = new List<string>();
        var connected = await Destination.ConnectAsync(addresses, port, MaxAddresses, e => Phase = $"connecting to {e}", errors, cancellationToken);
        Endpoint = connected?.Endpoint;
        if (connected is null)
        {
            Error = errors.Count + Refused.Count == 0 ? "no address" : "cannot connect: " + string.Join("; ", [.. Refused, .. errors]);
        }

        return connected?.Socket;
    }

    private static async Task SendAsync(Stream stream, string command, CancellationToken cancellationToken)
    {
        await stream.WriteAsync(Encoding.ASCII.GetBytes(command + "\r\n"), cancellationToken);
        await stream.FlushAsync(cancellationToken);
    }
}
