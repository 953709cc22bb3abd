using System.Net;

namespace Mail.MtaSts.Verification;

/// <summary>
/// Which addresses from DNS are connected to. The unspecified address is never a destination (RFC 1122 §3.2.1.3 for
/// 0.0.0.0, RFC 4291 §2.5.2 for ::); on Linux a connection to it reaches the local machine, and a check would pass
/// against whatever listens there. Loopback and private addresses stay allowed: test deployments live on them.
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

    private static string? Rule(IPAddress address) => address switch
    {
        _ when address.Equals(IPAddress.Any) => "RFC 1122 §3.2.1.3",
        _ when address.Equals(IPAddress.IPv6Any) => "RFC 4291 §2.5.2",
        { IsIPv4MappedToIPv6: true } when address.MapToIPv4().Equals(IPAddress.Any) => "RFC 1122 §3.2.1.3", // ::ffff:0.0.0.0
        _ => null,
    };
}
