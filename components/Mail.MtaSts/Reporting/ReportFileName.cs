using System.Globalization;
using System.Text.RegularExpressions;

namespace Mail.MtaSts.Reporting;

/// <summary>
/// The file name of a report attachment (RFC 8460 §5.1):
/// <c>sender "!" policy-domain "!" begin-timestamp "!" end-timestamp [ "!" unique-id ] "." extension</c>, the timestamps in
/// seconds since 1970 UTC, the extension <c>json</c> or <c>json.gz</c>. It repeats what the body says; where the two differ
/// the body is right (§5.6) and the difference becomes a note, as does a name that does not follow the convention.
/// </summary>
internal static partial class ReportFileName
{
    private const string Convention = "sender!policy-domain!begin-timestamp!end-timestamp[!unique-id].json[.gz]";

    /// <summary>The notes about <paramref name="fileName"/>, the name of the part that held <paramref name="report"/>.</summary>
    /// <param name="fileName">The part's file name; null when it has none.</param>
    /// <param name="report">The report read from the part.</param>
    /// <param name="gzip">Whether the part's content was gzip-compressed.</param>
    public static List<Diagnostic> Check(string? fileName, TlsReport report, bool gzip)
    {
        if (string.IsNullOrWhiteSpace(fileName))
        {
            // §5.1: the file name is RECOMMENDED; the §5.3 example carries it in Content-Disposition.
            return [Note("(missing)", $"a report part should have a file name, {Convention}", "RFC 8460 §5.1")];
        }

        var match = Pattern().Match(fileName);
        if (!match.Success)
        {
            return [Note(fileName, $"should be {Convention}", "RFC 8460 §5.1")];
        }

        var notes = new List<Diagnostic>();
        var compressed = match.Groups["extension"].Value.Length > "json".Length;
        if (compressed != gzip)
        {
            // §5.1: the extension MUST be "json" for a plain JSON file and "json.gz" for a gzip-compressed one.
            notes.Add(Note(fileName, $"the extension must be json.gz for gzip content and json for plain JSON; this content is {(gzip ? "gzip" : "plain JSON")}", "RFC 8460 §5.1"));
        }

        // §5.1: the sender is the domain of the contact-info address in the report body.
        var sender = match.Groups["sender"].Value.TrimEnd('.').ToLowerInvariant();
        if (ReportMessageHeaders.ContactDomain(report.ContactInfo) is { } contact && sender != contact)
        {
            notes.Add(Note(fileName, $"its sender is not the domain of the report's contact-info, {contact}; the report body is used", "RFC 8460 §5.6"));
        }

        var domain = match.Groups["domain"].Value.TrimEnd('.').ToLowerInvariant();
        var domains = report.Policies.Select(p => p.Policy.PolicyDomain).Where(d => d.Length > 0).ToHashSet();
        if (domains.Count > 0 && !domains.Contains(domain))
        {
            notes.Add(Note(fileName, "its policy-domain differs from the report's policy-domain; the report body is used", "RFC 8460 §5.6"));
        }

        if (Seconds(match.Groups["begin"].Value) != report.DateRange.Start.ToUnixTimeSeconds())
        {
            notes.Add(Note(fileName, "its begin-timestamp is not the report's start-datetime; the report body is used", "RFC 8460 §5.6"));
        }

        if (Seconds(match.Groups["end"].Value) != report.DateRange.End.ToUnixTimeSeconds())
        {
            notes.Add(Note(fileName, "its end-timestamp is not the report's end-datetime; the report body is used", "RFC 8460 §5.6"));
        }

        return notes;
    }

    /// <summary>A timestamp's seconds, or null when it does not fit in a long (then it matches no date-time).</summary>
    private static long? Seconds(string digits) =>
        long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) ? seconds : null;

    private static Diagnostic Note(string value, string rule, string section) => new(Severity.Warning, "filename", value, rule, section);

    // §5.1: unique-id = 1*(ALPHA / DIGIT); begin-timestamp and end-timestamp = 1*DIGIT; extension = "json" / "json.gz".
    [GeneratedRegex(@"^(?<sender>[^!\s]+)!(?<domain>[^!\s]+)!(?<begin>[0-9]+)!(?<end>[0-9]+)(?:![A-Za-z0-9]+)?\.(?<extension>json(?:\.gz)?)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
