using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Mail.MtaSts.Reporting;

/// <summary>
/// Reads the JSON of an aggregate report (RFC 8460 §4.4) the way real reporters write it: whatever can
/// be understood is accepted and each deviation is recorded as a note on the report; what cannot be
/// understood (no date range, a count that is not a number, an unknown policy type) is refused with a
/// <see cref="TlsReportFormatException"/> naming the source and the field.
/// </summary>
internal static partial class TlsReportParser
{
    private const string Schema = "RFC 8460 §4.4";

    /// <summary>The largest session count read: 2^53 - 1, the largest integer JSON exchanges exactly (RFC 8259 §6).</summary>
    private const long MaxCount = (1L << 53) - 1;

    private static readonly IdnMapping Idn = new() { UseStd3AsciiRules = false };

    private static readonly JsonDocumentOptions Options = new()
    {
        AllowTrailingCommas = true,
        CommentHandling = JsonCommentHandling.Skip,
        MaxDepth = 32,
    };

    /// <summary>Parses one report from its UTF-8 JSON.</summary>
    /// <param name="utf8Json">The report body, uncompressed.</param>
    /// <param name="source">Where it came from, named in notes' and errors' messages.</param>
    /// <exception cref="TlsReportFormatException">The report cannot be understood.</exception>
    public static TlsReport Parse(ReadOnlyMemory<byte> utf8Json, string source)
    {
        var notes = new List<Diagnostic>();
        if (utf8Json.Span.StartsWith(Encoding.UTF8.Preamble))
        {
            // A BOM is not JSON (RFC 8259 §8.1) but is harmless.
            notes.Add(Note("(document)", "EF BB BF", "starts with a UTF-8 byte order mark; it was skipped", "RFC 8259 §8.1"));
            utf8Json = utf8Json[3..];
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8Json, Options);
        }
        catch (JsonException e)
        {
            throw Error(source, "(document)", $"line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}", "is not valid JSON", e);
        }

        using (document)
        {
            var reader = new Reader(source, notes);
            return reader.Report(document.RootElement);
        }
    }

    /// <summary>Parses one report from JSON text.</summary>
    /// <param name="json">The report body.</param>
    /// <param name="source">Where it came from.</param>
    /// <exception cref="TlsReportFormatException">The report cannot be understood.</exception>
    public static TlsReport Parse(string json, string source) => Parse(Encoding.UTF8.GetBytes(json), source);

    private static Diagnostic Note(string field, string value, string rule, string section = Schema) =>
        new(Severity.Warning, field, value, rule, section);

    private static TlsReportFormatException Error(string source, string field, string value, string rule, Exception? inner = null) =>
        new(source, new Diagnostic(Severity.Error, field, value, rule, Schema), inner);

    private static string Show(JsonElement element)
    {
        string text;
        try
        {
            text = element.ValueKind == JsonValueKind.String ? element.GetString()! : element.GetRawText();
        }
        catch (InvalidOperationException)
        {
            // Not Unicode text (RFC 8259 §8.1, §8.2): shown as sent, its invalid bytes as U+FFFD.
            text = Encoding.UTF8.GetString(JsonMarshal.GetRawUtf8Value(element));
        }

        return text.Length > 80 ? text[..77] + "..." : text;
    }

    /// <summary>An RFC 3339 §5.6 <c>date-time</c>; its NOTE allows a lower-case <c>t</c> and <c>z</c> and a space for the <c>T</c>.</summary>
    [GeneratedRegex(@"^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex Rfc3339();

    private sealed class Reader(string source, List<Diagnostic> notes)
    {
        public TlsReport Report(JsonElement root)
        {
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Error(source, "(document)", Show(root), "must be a JSON object");
            }

            var organization = Text(root, "organization-name", "", required: true) ?? "";
            var dateRange = DateRangeOf(root);
            var contact = Text(root, "contact-info", "", required: true) ?? "";
            var reportId = Text(root, "report-id", "", required: true) ?? "";
            if (reportId.Length == 0)
            {
                notes.Add(Note("report-id", "", "without a report-id a repeated delivery of this report cannot be recognised"));
            }

            if (!root.TryGetProperty("policies", out var policies) || policies.ValueKind != JsonValueKind.Array)
            {
                throw Error(source, "policies", policies.ValueKind == JsonValueKind.Undefined ? "(missing)" : Show(policies), "must be an array of policy results");
            }

            var results = new List<PolicySummary>(policies.GetArrayLength());
            var index = 0;
            foreach (var item in policies.EnumerateArray())
            {
                results.Add(PolicySummaryOf(item, $"policies[{index++}]"));
            }

            return new TlsReport(organization, dateRange, contact, reportId, results, notes);
        }

        private DateRange DateRangeOf(JsonElement root)
        {
            if (!root.TryGetProperty("date-range", out var range) || range.ValueKind != JsonValueKind.Object)
            {
                throw Error(source, "date-range", range.ValueKind == JsonValueKind.Undefined ? "(missing)" : Show(range), "must be an object with start-datetime and end-datetime");
            }

            var start = Instant(range, "start-datetime");
            var end = Instant(range, "end-datetime");
            if (end < start)
            {
                notes.Add(Note("date-range.end-datetime", end.ToString("O", CultureInfo.InvariantCulture), "is before start-datetime"));
            }

            return new DateRange(start, end);
        }

        private DateTimeOffset Instant(JsonElement range, string name)
        {
            var field = $"date-range.{name}";
            var text = range.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? StringOf(value, field) : null;
            if (text is null)
            {
                throw Error(source, field, value.ValueKind == JsonValueKind.Undefined ? "(missing)" : Show(value), "must be an RFC 3339 date-time string");
            }

            var time = text.IndexOfAny(['T', 't', ' ']);
            if (time < 0 || text.AsSpan(time).IndexOfAny("Zz+-") < 0)
            {
                // Microsoft leaves the offset out, some leave the time out too; RFC 3339 §5.6 requires both, and report
                // periods are UTC days (RFC 8460 §4.1). Read without this branch, the machine's zone would pick the day.
                if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var utc))
                {
                    throw Error(source, field, text, "is not an RFC 3339 date-time");
                }

                notes.Add(Note(field, text, "has no time zone offset (RFC 3339 §5.6); read as UTC"));
                return utc;
            }

            // RFC 3339 date-times are read by the JSON reader's ISO 8601 parser; anything else by the invariant culture's.
            if (!value.TryGetDateTimeOffset(out var instant) &&
                !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out instant))
            {
                throw Error(source, field, text, "is not an RFC 3339 date-time");
            }

            if (!Rfc3339().IsMatch(text))
            {
                // Understood, but not the date-time RFC 8460 §4.4 asks for: a deviation like any other.
                notes.Add(Note(field, text, "is not an RFC 3339 date-time (RFC 3339 §5.6: YYYY-MM-DDTHH:MM:SS[.frac] and Z or ±HH:MM); read as " +
                    instant.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)));
            }

            return instant;
        }

        private PolicySummary PolicySummaryOf(JsonElement item, string path)
        {
            if (item.ValueKind != JsonValueKind.Object)
            {
                throw Error(source, path, Show(item), "must be an object with policy and summary");
            }

            if (!item.TryGetProperty("policy", out var policy) || policy.ValueKind != JsonValueKind.Object)
            {
                throw Error(source, $"{path}.policy", policy.ValueKind == JsonValueKind.Undefined ? "(missing)" : Show(policy), "must be an object");
            }

            var reported = PolicyOf(policy, $"{path}.policy");
            if (!item.TryGetProperty("summary", out var summary) || summary.ValueKind != JsonValueKind.Object)
            {
                throw Error(source, $"{path}.summary", summary.ValueKind == JsonValueKind.Undefined ? "(missing)" : Show(summary), "must be an object with the session counts");
            }

            var successful = Count(summary, "total-successful-session-count", $"{path}.summary");
            var failed = Count(summary, "total-failure-session-count", $"{path}.summary");
            var details = new List<FailureDetails>();
            if (item.TryGetProperty("failure-details", out var list) && list.ValueKind != JsonValueKind.Null)
            {
                if (list.ValueKind != JsonValueKind.Array)
                {
                    throw Error(source, $"{path}.failure-details", Show(list), "must be an array");
                }

                var index = 0;
                foreach (var detail in list.EnumerateArray())
                {
                    details.Add(FailureDetailsOf(detail, $"{path}.failure-details[{index++}]"));
                }
            }

            // Summed as decimal: 2^53 - 1 per detail times the details of a 16 MiB report does not fit in a long.
            var detailed = details.Sum(d => (decimal)d.FailedSessionCount);
            if (details.Count > 0 && detailed != failed)
            {
                // §4.2: the failure-details break down the summary's failed sessions.
                notes.Add(Note($"{path}.failure-details", $"{detailed} failed sessions detailed, {failed} in the summary",
                    "the failed-session-counts do not add up to total-failure-session-count; the summary's total is used", "RFC 8460 §4.2"));
            }

            return new PolicySummary(reported, successful, failed, details);
        }

        private ReportedPolicy PolicyOf(JsonElement policy, string path)
        {
            var typeName = Text(policy, "policy-type", path, required: false);
            if (typeName is null || PolicyTypeNames.Parse(typeName) is not { } type)
            {
                throw Error(source, $"{path}.policy-type", typeName ?? "(missing)", "must be one of tlsa, sts, no-policy-found");
            }

            if (typeName != type.ToRfcName())
            {
                notes.Add(Note($"{path}.policy-type", typeName, $"is {type.ToRfcName()} in another case; JSON strings compare exactly"));
            }

            var lines = PolicyString(policy, $"{path}.policy-string", type);
            var domain = ALabels(Text(policy, "policy-domain", path, required: true) ?? "", $"{path}.policy-domain");
            var mx = new List<string>();
            if (policy.TryGetProperty("mx-host", out var hosts))
            {
                switch (hosts.ValueKind)
                {
                    case JsonValueKind.String:
                        AddNonEmpty(mx, StringOf(hosts, $"{path}.mx-host"), $"{path}.mx-host");
                        break;
                    case JsonValueKind.Array:
                        // Google sends a list of patterns; RFC 8460 §4.4 ("mx-host-pattern ... provided as a string") and its example give one.
                        notes.Add(Note($"{path}.mx-host", Show(hosts), "is an array where RFC 8460 gives one string; each element is read as a pattern"));
                        foreach (var host in hosts.EnumerateArray())
                        {
                            if (host.ValueKind != JsonValueKind.String)
                            {
                                throw Error(source, $"{path}.mx-host", Show(host), "elements must be strings");
                            }

                            AddNonEmpty(mx, StringOf(host, $"{path}.mx-host"), $"{path}.mx-host");
                        }

                        break;
                    case JsonValueKind.Null:
                        break;
                    default:
                        throw Error(source, $"{path}.mx-host", Show(hosts), "must be a string");
                }
            }

            return new ReportedPolicy(type, lines, domain, mx);
        }

        /// <summary>
        /// A domain in A-labels: RFC 8460 §4.4 requires them for an internationalized policy-domain. One sent in U-labels is
        /// converted with a note, so that it counts with the same domain sent right; one that cannot be converted is kept as sent.
        /// </summary>
        private string ALabels(string sent, string field)
        {
            var domain = sent.TrimEnd('.').ToLowerInvariant();
            if (Ascii.IsValid(domain))
            {
                return domain;
            }

            try
            {
                var ascii = Idn.GetAscii(domain);
                notes.Add(Note(field, sent, $"is in U-labels; an internationalized policy-domain must be sent as A-labels; read as {ascii}"));
                return ascii;
            }
            catch (ArgumentException)
            {
                notes.Add(Note(field, sent, "is in U-labels that have no A-label form (RFC 5891); counted as sent"));
                return domain;
            }
        }

        private List<string> PolicyString(JsonElement policy, string field, PolicyType type)
        {
            var lines = new List<string>();
            if (!policy.TryGetProperty("policy-string", out var value) || value.ValueKind == JsonValueKind.Null)
            {
                if (type != PolicyType.NoPolicyFound)
                {
                    // Microsoft leaves it out; the policy's mode and id are then unknown.
                    notes.Add(Note(field, "(missing)", $"is required for policy-type {type.ToRfcName()}; the policy the sender applied is unknown"));
                }

                return lines;
            }

            if (value.ValueKind == JsonValueKind.String)
            {
                notes.Add(Note(field, Show(value), "is a string where RFC 8460 gives an array of strings; read as one line"));
                AddLine(lines, StringOf(value, field), field);
                return lines;
            }

            if (value.ValueKind != JsonValueKind.Array)
            {
                throw Error(source, field, Show(value), "must be an array of strings");
            }

            foreach (var line in value.EnumerateArray())
            {
                if (line.ValueKind != JsonValueKind.String)
                {
                    throw Error(source, field, Show(line), "elements must be strings");
                }

                AddLine(lines, StringOf(line, field), field);
            }

            return lines;
        }

        private void AddLine(List<string> lines, string line, string field)
        {
            var trimmed = line.Trim();
            if (trimmed.Length >= 2 && (trimmed[0] == '"' && trimmed[^1] == '"' || trimmed[0] == '[' && trimmed[^1] == ']'))
            {
                // Microsoft encodes TLSA policy strings twice: each element is itself a JSON string or array.
                try
                {
                    using var inner = JsonDocument.Parse(trimmed);
                    var decoded = inner.RootElement.ValueKind == JsonValueKind.Array
                        ? inner.RootElement.EnumerateArray().Select(e => e.GetString() ?? "").ToList()
                        : [inner.RootElement.GetString() ?? ""];
                    notes.Add(Note(field, trimmed.Length > 80 ? trimmed[..77] + "..." : trimmed, "is JSON-encoded a second time; it was decoded once more"));
                    lines.AddRange(decoded.Where(d => d.Length > 0));
                    return;
                }
                catch (Exception e) when (e is JsonException or InvalidOperationException)
                {
                    // Not JSON after all: keep the line as sent.
                }
            }

            AddNonEmpty(lines, line, field);
        }

        private void AddNonEmpty(List<string> list, string value, string field)
        {
            if (value.Length == 0)
            {
                notes.Add(Note(field, "", "an empty string was ignored"));
                return;
            }

            list.Add(value);
        }

        private FailureDetails FailureDetailsOf(JsonElement detail, string path)
        {
            if (detail.ValueKind != JsonValueKind.Object)
            {
                throw Error(source, path, Show(detail), "must be an object");
            }

            var sent = Text(detail, "result-type", path, required: false);
            if (sent is null)
            {
                throw Error(source, $"{path}.result-type", "(missing)", "is required");
            }

            var resultType = sent.ToLowerInvariant();
            if (sent != resultType && ResultTypeNames.Parse(resultType) != ResultType.Other)
            {
                notes.Add(Note($"{path}.result-type", sent, $"is {resultType} in another case; JSON strings compare exactly", "RFC 8460 §4.3"));
            }

            if (ResultTypeNames.Parse(resultType) == ResultType.Other)
            {
                notes.Add(Note($"{path}.result-type", resultType, "is not a result type of RFC 8460; counted under its own name", "RFC 8460 §4.3"));
            }

            var count = Count(detail, "failed-session-count", path);
            return new FailureDetails(
                resultType,
                count,
                Address(Text(detail, "sending-mta-ip", path, required: true), Field(path, "sending-mta-ip")),
                Text(detail, "receiving-mx-hostname", path, required: false)?.TrimEnd('.').ToLowerInvariant(),
                Text(detail, "receiving-mx-helo", path, required: false),
                Address(Text(detail, "receiving-ip", path, required: false), Field(path, "receiving-ip")),
                Text(detail, "additional-information", path, required: false),
                Text(detail, "failure-reason-code", path, required: false));
        }

        /// <summary>An address in its one canonical form (RFC 5952), so that it is counted as one; anything else as sent, with a note.</summary>
        private string? Address(string? text, string field)
        {
            if (text is null)
            {
                return null;
            }

            if (IpAddressText.Canonical(text) is { } canonical)
            {
                return canonical;
            }

            notes.Add(Note(field, text, "is not an IPv4 or IPv6 address; counted as sent"));
            return text;
        }

        /// <summary>A string member; empty strings and missing required members become notes and null.</summary>
        private string? Text(JsonElement parent, string name, string path, bool required)
        {
            if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                if (required)
                {
                    notes.Add(Note(Field(path, name), "(missing)", "is required"));
                }

                return null;
            }

            switch (value.ValueKind)
            {
                case JsonValueKind.String:
                    var text = StringOf(value, Field(path, name));
                    if (text.Length == 0)
                    {
                        notes.Add(Note(Field(path, name), "", "is an empty string; read as absent"));
                        return null;
                    }

                    return text;
                case JsonValueKind.Number:
                    notes.Add(Note(Field(path, name), value.GetRawText(), "is a number where a string is expected; read as text"));
                    return value.GetRawText();
                default:
                    throw Error(source, Field(path, name), Show(value), "must be a string");
            }
        }

        private long Count(JsonElement parent, string name, string path)
        {
            if (!parent.TryGetProperty(name, out var value))
            {
                throw Error(source, Field(path, name), "(missing)", "is required");
            }

            if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var count) && count >= 0)
            {
                return Bounded(count, value, Field(path, name));
            }

            if (value.ValueKind == JsonValueKind.String && long.TryParse(StringOf(value, Field(path, name)), NumberStyles.None, CultureInfo.InvariantCulture, out count))
            {
                notes.Add(Note(Field(path, name), value.GetString()!, "is a string where a number is expected; read as a number"));
                return Bounded(count, value, Field(path, name));
            }

            throw Error(source, Field(path, name), Show(value), "must be a non-negative integer");
        }

        private long Bounded(long count, JsonElement value, string field)
        {
            // RFC 8259 §6: integers beyond 2^53 - 1 are not exchanged exactly; such a count is no count, and it would overflow the sums.
            return count <= MaxCount ? count : throw Error(source, field, Show(value), "is larger than 2^53 - 1, the largest integer JSON exchanges exactly (RFC 8259 §6)");
        }

        /// <summary>A JSON string's text; a string that is not Unicode text is refused, naming the field.</summary>
        private string StringOf(JsonElement value, string field)
        {
            try
            {
                return value.GetString()!;
            }
            catch (InvalidOperationException)
            {
                // RFC 8259 §8.1: JSON text is UTF-8; §8.2: an escaped lone surrogate is no character.
                throw Error(source, field, Show(value), "is not Unicode text: invalid UTF-8 or a lone surrogate (RFC 8259 §8.1, §8.2)");
            }
        }

        /// <summary>The field's path for messages, built only when a message needs it.</summary>
        private static string Field(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";
    }
}
