using System.Net;
using System.Net.Sockets;

namespace Mail.MtaSts.Verification;

/// <summary>
/// Which addresses from DNS are connected to, and the connecting to them. The unspecified address is never a
/// destination (RFC 1122 §3.2.1.3 for 0.0.0.0, RFC 4291 §2.5.2 for ::); on Linux a connection to it reaches the local
/// machine, and a check would pass against whatever listens there. Loopback and private addresses stay allowed: test
/// deployments live on them.
/// </summary>
internal static class Destination
{
    /// <summary>
    /// The addresses of <paramref name="host"/> that may be connected to, in order; each one that may not is named,
    /// with its rule, in <paramref name="refused"/> (once).
    /// </summary>
    internal static List<IPAddress> Connectable(string host, IEnumerable<IPAddress> addresses, List<string> refused)
    {
        var connectable = new List<IPAddress>();
        foreach (var address in addresses)
        {
            if (Rule(address) is not { } rule)
            {
                connectable.Add(address);
                continue;
            }

            var refusal = $"{host} has the address {address}, which is never a destination: it is the unspecified address ({rule}), not connected to";
            if (!refused.Contains(refusal))
            {
                refused.Add(refusal);
            }
        }

        return connectable;
    }

    /// <summary>
    /// A TCP connection to the first of <paramref name="addresses"/>, at most <paramref name="max"/> of them tried, that
    /// accepts one on <paramref name="port"/>, or null; <paramref name="attempting"/> hears of each try before it is made
    /// and each failure goes to <paramref name="errors"/> as "address:port: reason".
    /// </summary>
    internal static async Task<(Socket Socket, IPEndPoint Endpoint)?> ConnectAsync(IEnumerable<IPAddress> addresses, int port, int max,
        Action<IPEndPoint> attempting, List<string> errors, CancellationToken cancellationToken)
    {
        foreach (var address in addresses.Take(max))
        {
            var endpoint = new IPEndPoint(address, port);
            attempting(endpoint);
            Socket? socket = null;
            try
            {
                // Inside the try: creating the socket fails too where the address family is not supported.
                socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync(endpoint, cancellationToken);
                return (socket, endpoint);
            }
            catch (SocketException e)
            {
                socket?.Dispose();
                errors.Add($"{endpoint}: {e.Message}");
            }
            catch
            {
                socket?.Dispose();
                throw;
            }
        }

        return null;
    }

    private static string? Rule(IPAddress address) => address switch
    {
        _ when address.Equals(IPAddress.Any) => "RFC 1122 §3.2.1.3",
        _ when address.Equals(IPAddress.IPv6Any) => "RFC 4291 §2.5.2",
        { IsIPv4MappedToIPv6: true } when address.MapToIPv4().Equals(IPAddress.Any) => "RFC 1122 §3.2.1.3", // ::ffff:0.0.0.0
        _ => null,
    };
}
