namespace Mail.MtaSts;

/// <summary>
/// The <c>_smtp._tls.&lt;domain&gt;</c> TXT record of SMTP TLS Reporting (RFC 8460 §3):
/// <c>v=TLSRPTv1; rua=&lt;uri&gt;[,&lt;uri&gt;]</c>, telling senders where to send daily reports.
/// </summary>
public sealed class TlsRptRecord
{
    /// <summary>The label the record is published under: <c>_smtp._tls</c>.</summary>
    public const string Label = "_smtp._tls";

    /// <summary>The version field every record starts with.</summary>
    public const string Version = "v=TLSRPTv1";

    private const string Section = "RFC 8460 §3";

    private static readonly System.Buffers.SearchValues<char> UriCharacters = System.Buffers.SearchValues.Create(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~:/?#[]@!$&'()*+,;=%");

    /// <summary>Creates a record for report URIs, with optional extension fields.</summary>
    /// <param name="rua">The report URIs, <c>mailto:</c> or <c>https:</c>; at least one.</param>
    /// <param name="extensions">Extension fields.</param>
    public TlsRptRecord(IEnumerable<Uri> rua, IEnumerable<KeyValuePair<string, string>>? extensions = null)
    {
        Rua = rua.ToArray();
        Extensions = extensions?.ToArray() ?? [];
    }

    /// <summary>Where reports go, in record order.</summary>
    public IReadOnlyList<Uri> Rua { get; }

    /// <summary>Extension fields, in record order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Extensions { get; }

    /// <summary>The record text: <c>v=TLSRPTv1; rua=uri1,uri2</c> followed by any extensions.</summary>
    public override string ToString() =>
        $"{Version}; rua={string.Join(',', Rua.Select(u => u.OriginalString))}" +
        string.Concat(Extensions.Select(e => $"; {e.Key}={e.Value}"));

    /// <summary>
    /// Builds a record from report URIs a user wrote; <c>,</c>, <c>!</c> and <c>;</c> inside a URI are percent-encoded
    /// as RFC 8460 §3 requires. Throws an <see cref="MtaStsException"/> naming every bad URI.
    /// </summary>
    public static TlsRptRecord FromUris(IEnumerable<string> uris)
    {
        var results = uris.Select((u, i) => Build(u.Trim(), $"rua[{i}]")).ToList();
        var errors = results.SelectMany(r => r.Errors).ToList();
        if (results.Count == 0)
        {
            errors.Add(new Diagnostic(Severity.Error, "rua", "", "at least one report URI is required", Section));
        }

        return errors.Count > 0 ? throw new MtaStsException(errors) : new TlsRptRecord(results.Select(r => r.Value!.Uri));
    }

    /// <summary>Parses one record with the ABNF of RFC 8460 §3.</summary>
    /// <param name="txt">The record, its strings already concatenated.</param>
    public static ParseResult<TlsRptRecord> Parse(string txt)
    {
        var (fields, errors) = TxtFields.Split(txt, Version, Section);
        var warnings = new List<Diagnostic>();
        var rua = new List<Uri>();
        var sawRua = false;
        var extensions = new List<KeyValuePair<string, string>>();
        foreach (var (name, value) in fields)
        {
            if (name == "rua" && !sawRua)
            {
                sawRua = true;
                // tlsrpt-rua = %s"rua=" tlsrpt-uri *(*WSP "," *WSP tlsrpt-uri)
                foreach (var uri in value.Split(','))
                {
                    var parsed = ParseUri(uri.Trim(' ', '\t'), "rua");
                    errors.AddRange(parsed.Errors);
                    if (parsed.Value is { } ok)
                    {
                        rua.Add(ok.Uri);
                    }
                }
            }
            else if (name == "rua")
            {
                warnings.Add(new Diagnostic(Severity.Warning, "rua", value,
                    "a second rua field; senders use the first (list several URIs in one rua, separated by \",\")", Section));
            }
            else if (TxtFields.CheckExtension(name, value, Section) is { } error)
            {
                errors.Add(error);
            }
            else
            {
                extensions.Add(new(name, value));
            }
        }

        if (!sawRua)
        {
            errors.Add(new Diagnostic(Severity.Error, "rua", "", "the rua field is required", Section));
        }

        return errors.Count > 0
            ? ParseResult<TlsRptRecord>.Failure([.. errors, .. warnings])
            : ParseResult<TlsRptRecord>.Success(new TlsRptRecord(rua, extensions), warnings);
    }

    /// <summary>
    /// Whether a TXT record begins with <see cref="Version"/> as a whole field, so that senders take it for a TLS-RPT
    /// record, valid or not; others are discarded (RFC 8460 §3): <c>v=TLSRPTv10</c> is not one.
    /// </summary>
    /// <param name="txt">The record, its strings already concatenated.</param>
    public static bool StartsWithVersion(string txt) => TxtFields.StartsWithVersion(txt, Version);

    /// <summary>
    /// Applies the sender's rule to all TXT records found at <c>_smtp._tls.&lt;domain&gt;</c>: records not starting
    /// with <c>v=TLSRPTv1</c> are discarded; exactly one must remain (RFC 8460 §3).
    /// </summary>
    /// <param name="txtRecords">Each TXT record with its strings concatenated.</param>
    public static ParseResult<TlsRptRecord> Select(IEnumerable<string> txtRecords)
    {
        var (record, error) = TxtFields.SelectOne(txtRecords, Version, Section);
        return record is null ? ParseResult<TlsRptRecord>.Failure(error!) : Parse(record);
    }

    private static ParseResult<ReportUri> Build(string uri, string field)
    {
        // A "," before another scheme is a list written as one URI, not a comma inside a URI to percent-encode.
        if (uri.Split(',').Skip(1).Any(part => part.TrimStart().StartsWith("mailto:", StringComparison.OrdinalIgnoreCase) ||
                                               part.TrimStart().StartsWith("https:", StringComparison.OrdinalIgnoreCase)))
        {
            return ParseResult<ReportUri>.Failure(new Diagnostic(Severity.Error, field, uri,
                "give each report URI separately (one per rua entry); the record joins them with \",\"", Section));
        }

        if (!uri.Contains(':') && uri.Contains('@'))
        {
            return ParseResult<ReportUri>.Failure(new Diagnostic(Severity.Error, field, uri,
                $"a report URI is a mailto: or https: URI; for an address write mailto:{uri}", Section));
        }

        return ParseUri(Encode(WithALabels(uri)), field);
    }

    /// <summary>
    /// The URI with an internationalised domain (the mailto: address's domain, the https: host) in A-labels: a URI
    /// is ASCII (RFC 3986 §2), and IDNA is how a domain is written in it. Anything else is left for the checks.
    /// </summary>
    private static string WithALabels(string uri)
    {
        if (System.Text.Ascii.IsValid(uri))
        {
            return uri;
        }

        int start, end;
        if (uri.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase))
        {
            start = uri.LastIndexOf('@') + 1;
            end = uri.IndexOf('?', start) is var query and >= 0 ? query : uri.Length;
        }
        else if (uri.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            var authorityEnd = uri.IndexOfAny(['/', '?', '#'], "https://".Length) is var slash and >= 0 ? slash : uri.Length;
            start = Math.Max(uri.LastIndexOf('@', authorityEnd - 1) + 1, "https://".Length);
            end = uri.IndexOf(':', start, authorityEnd - start) is var port and >= 0 ? port : authorityEnd;
        }
        else
        {
            return uri;
        }

        return start > 0 && DomainName.TryParse(uri[start..end]).Value is { } domain
            ? string.Concat(uri.AsSpan(0, start), domain.Value, uri.AsSpan(end))
            : uri;
    }

    private static string Encode(string uri) => uri.Replace(",", "%2C").Replace("!", "%21").Replace(";", "%3B");

    private static ParseResult<ReportUri> ParseUri(string value, string field)
    {
        // RFC 8460 §3: "mailto" and "https" are the defined schemes; "," "!" and ";" must be percent-encoded.
        if (value.Contains('!') || value.Contains(' '))
        {
            return Fail("\"!\" and spaces inside a report URI must be percent-encoded");
        }

        // tlsrpt-uri = URI (RFC 3986 §2): only unreserved, reserved and percent-encoded characters.
        if (value.AsSpan().IndexOfAnyExcept(UriCharacters) is var bad and >= 0)
        {
            return Fail($"\"{value[bad]}\" is not allowed in a URI; percent-encode it (RFC 3986 §2)");
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri))
        {
            return Fail("a report URI is an absolute mailto: or https: URI");
        }

        if (uri.Scheme == Uri.UriSchemeMailto)
        {
            var address = value["mailto:".Length..].Split('?')[0];
            var at = address.LastIndexOf('@');
            return at > 0 && at < address.Length - 1 && !address.Contains(' ')
                ? ParseResult<ReportUri>.Success(new ReportUri(uri))
                : Fail("a mailto: report URI needs an address local@domain");
        }

        return uri.Scheme == Uri.UriSchemeHttps && uri.Host.Length > 0
            ? ParseResult<ReportUri>.Success(new ReportUri(uri))
            : Fail("report URIs use the mailto: or https: scheme");

        ParseResult<ReportUri> Fail(string rule) =>
            ParseResult<ReportUri>.Failure(new Diagnostic(Severity.Error, field, value, rule, Section));
    }

    private sealed record ReportUri(Uri Uri);
}
