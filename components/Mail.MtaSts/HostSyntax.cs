using System.Globalization;

namespace Mail.MtaSts;

/// <summary>
/// The syntax of host names shared by domains and mx patterns: RFC 5321 §4.1.2 <c>Domain</c> (letters, digits and
/// inner hyphens per label) with the lengths of RFC 1035 §2.3.4.
/// </summary>
internal static class HostSyntax
{
    private const int MaxName = 253;
    private const int MaxLabel = 63;
    private static readonly IdnMapping Idn = new() { UseStd3AsciiRules = true };
    private static readonly System.Buffers.SearchValues<char> LdhChars =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789-");

    /// <summary>
    /// Checks <paramref name="host"/> and returns its lower-case A-label form, or the rule it breaks.
    /// With <paramref name="convertUnicode"/>, U-labels are converted by IDNA and an IP address is refused (for names a
    /// user types); without it, any non-ASCII character is an error (for names read from the wire).
    /// </summary>
    public static (string? Normalized, string? Broken) Normalize(string host, bool convertUnicode)
    {
        var name = host.EndsWith('.') ? host[..^1] : host;
        if (name.Length == 0)
        {
            return (null, "a host name must not be empty");
        }

        if (!System.Text.Ascii.IsValid(name))
        {
            if (!convertUnicode)
            {
                return (null, "must be written in A-labels (ASCII, \"xn--\" for internationalised labels), not U-labels");
            }

            try
            {
                name = Idn.GetAscii(name);
            }
            catch (ArgumentException e)
            {
                return (null, $"is not a valid internationalised domain name ({e.Message.Split(" (Parameter")[0]})");
            }
        }

        name = name.ToLowerInvariant();
        if (name.Length > MaxName)
        {
            return (null, $"a domain name is at most {MaxName} characters");
        }

        // Label by label, in place (MemoryExtensions.Split is not in .NET 8).
        var rest = name.AsSpan();
        while (true)
        {
            var dot = rest.IndexOf('.');
            var label = dot < 0 ? rest : rest[..dot];
            if (label.Length == 0)
            {
                return (null, "a domain name must not contain an empty label");
            }

            if (label.Length > MaxLabel)
            {
                return (null, $"a label is at most {MaxLabel} characters");
            }

            if (label.ContainsAnyExcept(LdhChars) || label[0] == '-' || label[^1] == '-')
            {
                return (null, $"label \"{label}\" must be letters, digits and inner hyphens");
            }

            if (dot < 0)
            {
                break;
            }

            rest = rest[(dot + 1)..];
        }

        if (convertUnicode && !name.AsSpan(name.LastIndexOf('.') + 1).ContainsAnyExceptInRange('0', '9'))
        {
            return (null, "is an IP address, not a domain name: a top-level label is never all digits (RFC 3696 §2)");
        }

        return (name, null);
    }

    /// <summary>Lower-cases and strips one trailing dot, for comparing names (RFC 8461 §4.1: case-insensitive).</summary>
    public static string Comparable(string host) => (host.EndsWith('.') ? host[..^1] : host).ToLowerInvariant();
}
