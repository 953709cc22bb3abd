using System.Globalization;
using System.Text;

namespace Mail.MtaSts.Cli;

/// <summary>Records in master-file syntax (RFC 1035 §5.1), absolute names, for DNS servers and providers without an API.</summary>
internal static class ZoneFile
{
    /// <summary><c>name. TTL IN TXT "…" "…"</c>: the text in strings of at most 255 octets, <c>"</c> and <c>\</c> escaped.</summary>
    public static string Line(DnsTxtRecord record) =>
        $"{record.Name}. {Ttl(record.Ttl)} IN TXT {string.Join(' ', record.Strings.Select(s => $"\"{s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\""))}";

    /// <summary><c>name. TTL IN CNAME target.</c></summary>
    public static string Line(DnsCnameRecord record) => $"{record.Name}. {Ttl(record.Ttl)} IN CNAME {record.Target}.";

    /// <summary>Every line, each ended by LF.</summary>
    public static string Lines(IEnumerable<string> lines) => lines.Aggregate(new StringBuilder(), (b, l) => b.Append(l).Append('\n')).ToString();

    private static string Ttl(int ttl) => ttl.ToString(CultureInfo.InvariantCulture);
}
