using System.Buffers;
using System.IO.Compression;
using MimeKit;

namespace Mail.MtaSts.Reporting;

/// <summary>
/// Reads reports from the ways they are delivered (RFC 8460 §5): a JSON body, gzip-compressed or not
/// (§5.2), an e-mail message (§5.3), a mailbox of messages (mbox), and an HTTPS POST body (§5.4).
/// Only streams are read; finding files and folders (e.g. a Maildir's <c>cur</c> and <c>new</c>) is the caller's.
/// One report that cannot be read is returned as an error and never stops the others.
/// </summary>
public static class TlsReportReader
{
    /// <summary>The most bytes a report may have once decompressed: 16 MiB. Larger is refused as a gzip bomb (§5.2).</summary>
    public const int MaxReportSize = 16 * 1024 * 1024;

    /// <summary>The media type of an uncompressed report (RFC 8460 §5.3, registered in §6).</summary>
    public const string JsonMediaType = "application/tlsrpt+json";

    /// <summary>The media type of a gzip-compressed report (RFC 8460 §5.2, §5.3, registered in §6).</summary>
    public const string GzipMediaType = "application/tlsrpt+gzip";

    private static readonly byte[] MboxMark = "From "u8.ToArray();

    /// <summary>
    /// Reads every report in <paramref name="stream"/>, telling the format by its first bytes: gzip,
    /// JSON, an mbox (<c>From </c>) or else one e-mail message.
    /// </summary>
    /// <param name="stream">The content; read to its end, not disposed.</param>
    /// <param name="source">Its name for messages, e.g. the file path.</param>
    public static IEnumerable<ReportReadResult> Read(Stream stream, string source)
    {
        var head = new byte[64];
        var length = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        var body = IsBody(head.AsSpan(0, length));
        if (stream.CanSeek)
        {
            stream.Position -= length;
        }
        else
        {
            // A stream that cannot go back is copied with its head in front; a report body only up to the cap (§5.2).
            // A mailbox or message is copied whole: MimeKit reads the parts of a copy it can seek in.
            var copy = new MemoryStream();
            copy.Write(head, 0, length);
            if (body)
            {
                return [ReportReadResult.Read(source, () =>
                {
                    CopyCapped(stream, copy, source, "(body)");
                    copy.Position = 0;
                    return ParseBody(copy, source, []);
                })];
            }

            stream.CopyTo(copy);
            copy.Position = 0;
            stream = copy;
        }

        if (body)
        {
            return [ReportReadResult.Read(source, () => ParseBody(stream, source, []))];
        }

        return head.AsSpan(0, length).StartsWith(MboxMark) ? ReadMbox(stream, source) : ReadMessage(stream, source);
    }

    /// <summary>Reads the body of an HTTPS POST (RFC 8460 §5.4), whose media type says whether it is compressed.</summary>
    /// <param name="body">The request body; not disposed.</param>
    /// <param name="contentType">The request's <c>Content-Type</c>: <c>application/tlsrpt+json</c> or <c>application/tlsrpt+gzip</c>.</param>
    /// <param name="source">A name for messages, e.g. the client address.</param>
    public static ReportReadResult ReadHttpsPost(Stream body, string? contentType, string source) =>
        ReportReadResult.Read(source, () =>
        {
            var declared = ContentType.TryParse(contentType ?? "", out var parsed) ? parsed.MimeType.ToLowerInvariant() : contentType ?? "";
            if (declared is not (JsonMediaType or GzipMediaType))
            {
                throw new TlsReportFormatException(source, new Diagnostic(Severity.Error, "Content-Type", contentType ?? "(missing)",
                    $"must be {JsonMediaType} or {GzipMediaType}", "RFC 8460 §5.4"));
            }

            return ParseBody(body, source, [], declared);
        });

    /// <summary>Reads the reports attached to one e-mail message (RFC 8460 §5.3).</summary>
    /// <param name="stream">The message in RFC 5322 form; not disposed.</param>
    /// <param name="source">Its name for messages.</param>
    public static IEnumerable<ReportReadResult> ReadMessage(Stream stream, string source)
    {
        MimeMessage message;
        try
        {
            // Persistent: on a seekable stream MimeKit leaves each part's content in the stream instead of copying it
            // into memory, so ordinary mail with a huge attachment beside the reports costs no memory.
            message = MimeMessage.Load(stream, persistent: true);
        }
        catch (FormatException e)
        {
            return [new ReportReadResult(source, null, new TlsReportFormatException(source,
                new Diagnostic(Severity.Error, "(message)", e.Message, "is not an e-mail message", "RFC 8460 §5.3"), e))];
        }

        return ReadMessage(message, source);
    }

    /// <summary>Reads the reports of every message in an mbox file; the n-th message is named <c>source#n</c>.</summary>
    /// <param name="stream">The mailbox; not disposed.</param>
    /// <param name="source">Its name for messages.</param>
    public static IEnumerable<ReportReadResult> ReadMbox(Stream stream, string source)
    {
        // Persistent, as for one message: the parts are read from the stream while it is open, never copied whole.
        var parser = new MimeParser(stream, MimeFormat.Mbox, persistent: true);
        for (var n = 1; !parser.IsEndOfStream; n++)
        {
            MimeMessage? message = null;
            FormatException? error = null;
            try
            {
                message = parser.ParseMessage();
            }
            catch (FormatException e)
            {
                error = e;
            }

            if (message is null)
            {
                // The parser cannot find the next message once it has lost its place: the rest of the mailbox is unreadable.
                yield return new ReportReadResult($"{source}#{n}", null, new TlsReportFormatException($"{source}#{n}",
                    new Diagnostic(Severity.Error, "(message)", error?.Message ?? "", "is not an e-mail message", "RFC 8460 §5.3"), error));
                yield break;
            }

            foreach (var result in ReadMessage(message, $"{source}#{n}"))
            {
                yield return result;
            }
        }
    }

    private static List<ReportReadResult> ReadMessage(MimeMessage message, string source)
    {
        var notes = new List<Diagnostic>();
        var top = message.Body?.ContentType;
        if (top is null || !top.IsMimeType("multipart", "report") || !string.Equals(top.Parameters["report-type"], "tlsrpt", StringComparison.OrdinalIgnoreCase))
        {
            notes.Add(new Diagnostic(Severity.Warning, "Content-Type", top?.ToString() ?? "(missing)",
                "should be multipart/report with report-type=tlsrpt", "RFC 8460 §5.3"));
        }

        var parts = message.BodyParts.OfType<MimePart>()
            .Where(p => p.ContentType.IsMimeType("application", "tlsrpt+json") || p.ContentType.IsMimeType("application", "tlsrpt+gzip"))
            .ToList();
        if (parts.Count == 0)
        {
            // Some reporters label the attachment application/gzip or application/json; the file name tells.
            parts = message.BodyParts.OfType<MimePart>()
                .Where(p => p.FileName is { } name && (name.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".json.gz", StringComparison.OrdinalIgnoreCase)))
                .ToList();
            notes.AddRange(parts.Select(p => new Diagnostic(Severity.Warning, "Content-Type", p.ContentType.MimeType,
                $"the report part should be {JsonMediaType} or {GzipMediaType}", "RFC 8460 §5.3")));
        }

        if (parts.Count == 0)
        {
            return [new ReportReadResult(source, null, new TlsReportFormatException(source, new Diagnostic(Severity.Error, "Content-Type",
                top?.MimeType ?? "(missing)", $"the message has no {GzipMediaType} or {JsonMediaType} part", "RFC 8460 §5.3")))];
        }

        var results = new List<ReportReadResult>(parts.Count);
        foreach (var part in parts)
        {
            var name = parts.Count == 1 ? source : $"{source} ({part.FileName ?? part.ContentType.MimeType})";
            results.Add(ReportReadResult.Read(name, () =>
            {
                using var content = part.Content?.Open() ?? Stream.Null;
                var report = ParseBody(content, name, [.. notes], part.ContentType.MimeType.ToLowerInvariant());
                return report.WithNotes(ReportMessageHeaders.Check(message, report));
            }));
        }

        return results;
    }

    private static TlsReport ParseBody(Stream body, string source, List<Diagnostic> notes, string? declared = null)
    {
        var buffer = new MemoryStream();
        CopyCapped(body, buffer, source, "(body)");
        var bytes = new ReadOnlyMemory<byte>(buffer.GetBuffer(), 0, (int)buffer.Length);
        var gzip = IsGzip(bytes.Span);
        if (declared is not null && declared != (gzip ? GzipMediaType : JsonMediaType) && declared is JsonMediaType or GzipMediaType)
        {
            notes.Add(new Diagnostic(Severity.Warning, "Content-Type", declared, $"the content is {(gzip ? "gzip" : "not gzip")}; read as such", "RFC 8460 §5.2"));
        }

        if (gzip)
        {
            var expanded = new MemoryStream();
            try
            {
                using var inflater = new GZipStream(new MemoryStream(buffer.GetBuffer(), 0, (int)buffer.Length), CompressionMode.Decompress);
                CopyCapped(inflater, expanded, source, "(gzip)");
            }
            catch (InvalidDataException e)
            {
                throw new TlsReportFormatException(source, new Diagnostic(Severity.Error, "(gzip)", e.Message, "is not a valid gzip stream", "RFC 8460 §5.2"), e);
            }

            bytes = new ReadOnlyMemory<byte>(expanded.GetBuffer(), 0, (int)expanded.Length);
        }

        var report = TlsReportParser.Parse(bytes, source);
        return report.WithNotes(notes);
    }

    private static void CopyCapped(Stream from, MemoryStream to, string source, string field)
    {
        var chunk = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            int read;
            while ((read = from.Read(chunk, 0, chunk.Length)) > 0)
            {
                if (to.Length + read > MaxReportSize)
                {
                    // §5.2 compresses reports; a report that expands without bound is an attack, not a report.
                    var rule = field == "(gzip)"
                        ? "expands past the 16 MiB a report may have; refused as a possible gzip bomb"
                        : "is larger than the 16 MiB a report may have";
                    throw new TlsReportFormatException(source, new Diagnostic(Severity.Error, field, $"more than {MaxReportSize} bytes", rule, "RFC 8460 §5.2"));
                }

                to.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }

    private static bool IsGzip(ReadOnlySpan<byte> head) => head.Length >= 2 && head[0] == 0x1F && head[1] == 0x8B;

    /// <summary>Whether the first bytes are a report body, gzip (§5.2) or JSON (§4.4), rather than a mailbox or a message.</summary>
    /// <remarks>A head of nothing but white space is no e-mail message (RFC 5322 §2.1 starts with a header field): JSON, pretty-printed.</remarks>
    private static bool IsBody(ReadOnlySpan<byte> head) =>
        IsGzip(head) || head.TrimStart("\uFEFF"u8).TrimStart(" \t\r\n"u8) is [] or [(byte)'{' or (byte)'[', ..];
}
