using System.Globalization;
using System.Text;

namespace Mail.MtaSts;

/// <summary>
/// Reads a policy body strictly as RFC 8461 §3.2 defines it, the way a sender does, and also diagnoses it:
/// every problem and warning with its line, field, value, rule and section.
/// </summary>
internal static class PolicyParser
{
    private const string Section = PolicyRules.Section;
    private const int LongLine = 1000;
    private static readonly string[] RequiredFields = ["version", "mode", "max_age"];
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static ParseResult<Policy> Parse(ReadOnlySpan<byte> body)
    {
        var diagnostics = new List<Diagnostic>();
        if (body.Length > Policy.MaxSize)
        {
            // RFC 8461 §3.3: senders may limit the body to 64 KiB; larger policies fail to fetch.
            diagnostics.Add(new Diagnostic(Severity.Error, "body", $"{body.Length} bytes",
                $"a policy must not be larger than {Policy.MaxSize} bytes (64 KiB); senders stop reading there", "RFC 8461 §3.3"));
        }

        if (body.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            // The ABNF starts with a field name; a BOM makes the first line an unknown, invalid key.
            diagnostics.Add(new Diagnostic(Severity.Error, "body", "\uFEFF",
                "the policy must not start with a UTF-8 byte order mark; senders then fail to read the first line", Section, 1));
            body = body[3..];
        }

        string text;
        try
        {
            text = StrictUtf8.GetString(body);
        }
        catch (DecoderFallbackException)
        {
            diagnostics.Add(new Diagnostic(Severity.Error, "body", "(bytes)", "the policy must be UTF-8 text", Section));
            return ParseResult<Policy>.Failure(diagnostics);
        }

        var fields = new Fields();
        var lineNumber = 0;
        foreach (var (line, terminatorOk) in Lines(text))
        {
            lineNumber++;
            if (!terminatorOk)
            {
                diagnostics.Add(new Diagnostic(Severity.Error, "line", line,
                    "lines end with LF or CRLF; a lone CR is not a line end (sts-policy-term)", Section, lineNumber));
            }

            ReadLine(line, lineNumber, fields, diagnostics);
        }

        if (text.Length == 0)
        {
            diagnostics.Add(new Diagnostic(Severity.Error, "body", "", "the policy is empty", Section));
        }

        return Finish(fields, diagnostics);
    }

    /// <summary>Splits on LF and CRLF; the terminator after the last line is optional (RFC 8461 §3.2).</summary>
    private static IEnumerable<(string Line, bool TerminatorOk)> Lines(string text)
    {
        var start = 0;
        while (start < text.Length)
        {
            var lf = text.IndexOf('\n', start);
            var end = lf < 0 ? text.Length : lf;
            var line = text[start..end];
            if (line.EndsWith('\r'))
            {
                line = line[..^1];
            }

            yield return (line, !line.Contains('\r'));
            start = end + 1;
        }
    }

    private static void ReadLine(string line, int number, Fields fields, List<Diagnostic> diagnostics)
    {
        if (line.Length > LongLine)
        {
            diagnostics.Add(new Diagnostic(Severity.Warning, "line", line,
                $"a line over {LongLine} characters is unusual and some senders truncate it", Section, number));
        }

        if (line.AsSpan().IndexOfAnyExcept(' ', '\t') < 0)
        {
            // The ABNF has no empty lines; common senders skip them, so this is a warning, not an error.
            diagnostics.Add(new Diagnostic(Severity.Warning, "line", line,
                "blank lines are not part of the policy grammar; some senders may reject the policy", Section, number));
            return;
        }

        var colon = line.IndexOf(':');
        if (colon < 0)
        {
            diagnostics.Add(new Diagnostic(Severity.Error, "line", line, "each line is \"key: value\"", Section, number));
            return;
        }

        var key = line[..colon];
        // sts-policy-field-delim = ":" *WSP, and each field may be followed by *WSP.
        var value = line[(colon + 1)..].TrimStart(' ', '\t').TrimEnd(' ', '\t');
        if (key is "version" or "mode" or "max_age" && !fields.TrySet(key, value, number, diagnostics))
        {
            return;
        }

        switch (key)
        {
            case "version" when value != Policy.Version:
                diagnostics.Add(new Diagnostic(Severity.Error, key, value, "the version must be exactly STSv1", Section, number));
                break;
            case "mode" when PolicyModes.FromWire(value) is null:
                diagnostics.Add(new Diagnostic(Severity.Error, key, value,
                    "the mode is one of enforce, testing or none (lower case)", Section, number));
                break;
            case "max_age" when ParseMaxAge(value) is null:
                diagnostics.Add(PolicyRules.MaxAgeRange(value, number));
                break;
            case "version" or "mode" or "max_age":
                break;
            case "mx":
                var pattern = MxPattern.Parse(value);
                if (pattern.Value is { } mx)
                {
                    fields.Mx.Add(mx);
                }
                else
                {
                    diagnostics.AddRange(pattern.Errors.Select(d => d with { Line = number }));
                }

                break;
            default:
                ReadExtension(key, value, number, diagnostics);
                break;
        }
    }

    private static void ReadExtension(string name, string value, int number, List<Diagnostic> diagnostics)
    {
        // sts-policy-ext-name = (ALPHA / DIGIT) *31(ALPHA / DIGIT / "_" / "-" / ".")
        if (!IsExtensionName(name))
        {
            diagnostics.Add(new Diagnostic(Severity.Error, "key", name,
                "a field name is version, mode, mx, max_age or an extension name: a letter or digit, then up to 31 " +
                "letters, digits, \"_\", \"-\" or \".\" (field names are case-sensitive)", Section, number));
            return;
        }

        // sts-policy-ext-value: printable UTF-8 and spaces, not starting or ending with a space; no tabs.
        if (value.Length == 0 || !value.All(c => c >= ' ' && c != '\x7F') || value[0] == ' ' || value[^1] == ' ')
        {
            diagnostics.Add(new Diagnostic(Severity.Error, name, value,
                "an extension value is one or more printable characters (spaces only inside)", Section, number));
            return;
        }

        diagnostics.Add(new Diagnostic(Severity.Warning, name, value,
            "unknown field; senders ignore it", Section, number));
    }

    internal static bool IsExtensionName(string name) =>
        name.Length is >= 1 and <= 32 && char.IsAsciiLetterOrDigit(name[0]) &&
        name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.');

    private static long? ParseMaxAge(string value) =>
        // sts-policy-max-age-value = 1*10(DIGIT), at most 31557600 (RFC 8461 §3.2).
        value.Length is >= 1 and <= 10 && !value.AsSpan().ContainsAnyExceptInRange('0', '9') &&
        long.Parse(value, CultureInfo.InvariantCulture) is var n && n <= Policy.MaxMaxAge
            ? n
            : null;

    private static ParseResult<Policy> Finish(Fields fields, List<Diagnostic> diagnostics)
    {
        foreach (var required in RequiredFields)
        {
            if (!fields.Single.ContainsKey(required))
            {
                diagnostics.Add(new Diagnostic(Severity.Error, required, "", $"the field {required} is required", Section));
            }
        }

        var mode = fields.Single.TryGetValue("mode", out var m) ? PolicyModes.FromWire(m.Value) : null;
        var maxAge = fields.Single.TryGetValue("max_age", out var a) ? ParseMaxAge(a.Value) : null;
        if (mode is { } policyMode && policyMode != PolicyMode.None && fields.Mx.Count == 0 &&
            !diagnostics.Any(d => d.Field == "mx"))
        {
            diagnostics.Add(PolicyRules.MxRequired(policyMode));
        }

        if (mode is null || maxAge is null || diagnostics.Any(d => d.Severity == Severity.Error))
        {
            return ParseResult<Policy>.Failure(diagnostics);
        }

        if (PolicyRules.MaxAgeAdvice(maxAge.Value, mode.Value, a.Line) is { } advice)
        {
            diagnostics.Add(advice);
        }

        return new ParseResult<Policy>(new Policy(mode.Value, maxAge.Value, fields.Mx), diagnostics);
    }

    /// <summary>The fields seen so far; for a repeated non-mx key the first value wins (RFC 8461 §3.2).</summary>
    private sealed class Fields
    {
        public Dictionary<string, (string Value, int Line)> Single { get; } = [];

        public List<MxPattern> Mx { get; } = [];

        /// <summary>Records the first value of a key; a repeat is only warned about and otherwise ignored.</summary>
        public bool TrySet(string key, string value, int line, List<Diagnostic> diagnostics)
        {
            if (Single.TryAdd(key, (value, line)))
            {
                return true;
            }

            diagnostics.Add(new Diagnostic(Severity.Warning, key, value,
                $"repeated field; senders use the first value (line {Single[key].Line}) and ignore this one", Section, line));
            return false;
        }
    }
}
