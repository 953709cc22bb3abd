using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Mail.MtaSts.Reporting;

/// <summary>
/// The one text form of an IP address in a report (RFC 8460 §4.4 <c>ip-address</c>): an IPv6 address as RFC 5952 writes
/// it, an IPv4 address in dotted decimal, so that one address written two ways is counted as one.
/// </summary>
internal static class IpAddressText
{
    /// <summary>Characters that make IPv6 text name more than one host or no host: brackets, a zone, a prefix length, blanks.</summary>
    private static readonly SearchValues<char> NotInOneHost = SearchValues.Create("[]%/ \t");

    /// <summary>The canonical form of <paramref name="text"/>, or null when it is not an IPv4 or IPv6 address.</summary>
    public static string? Canonical(string text)
    {
        if (text.Contains(':'))
        {
            // A zone (%eth0), brackets or a prefix length do not name one host; the rest is any RFC 4291 §2.2 text form.
            if (text.AsSpan().IndexOfAny(NotInOneHost) >= 0 || !IPAddress.TryParse(text, out var address) || address.AddressFamily != AddressFamily.InterNetworkV6)
            {
                return null;
            }

            // .NET writes RFC 5952 §4: lower case, no leading zeros, the first longest run of two or more zero fields as "::";
            // and §5: an IPv4-mapped address ends in dotted decimal (::ffff:192.0.2.1).
            return address.ToString();
        }

        return IsIpv4(text) ? text : null;
    }

    /// <summary>
    /// RFC 8460 §4.4's IPv4address: four dec-octets without leading zeros. <see cref="IPAddress.TryParse(string, out IPAddress)"/>
    /// also takes "3325256766" and "0xC6.51.100.62", and reads "010" as octal; a report means none of these.
    /// </summary>
    private static bool IsIpv4(ReadOnlySpan<char> text)
    {
        // Read in place: an address is in nearly every failure detail, and a split would allocate five objects for each.
        for (var octets = 1; ; octets++)
        {
            var dot = text.IndexOf('.');
            var octet = dot < 0 ? text : text[..dot];
            if (octets > 4 || octet.Length is 0 or > 3 || octet.Length > 1 && octet[0] == '0' ||
                !int.TryParse(octet, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value > 255)
            {
                return false;
            }

            if (dot < 0)
            {
                return octets == 4;
            }

            text = text[(dot + 1)..];
        }
    }
}
