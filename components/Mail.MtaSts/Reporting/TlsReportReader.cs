using System.Buffers;
using System.IO.Compression;
using MimeKit;
using MimeKit.IO;

namespace Mail.MtaSts.Reporting;

/// <summary>
/// Reads reports from the ways they are delivered (RFC 8460 §5): a JSON body, gzip-compressed or not
/// (§5.2), an e-mail message (§5.3), also one forwarded inside another, a mailbox of messages (mbox), and an HTTPS POST body (§5.4).
/// Only streams are read; finding files and folders (e.g. a Maildir's <c>cur</c> and <c>new</c>) is the caller's.
/// One report that cannot be read is returned as an error and never stops the others.
/// </summary>
public static class TlsReportReader
{
    /// <summary>The most bytes a report may have once decompressed: 16 MiB. Larger is refused as a gzip bomb (§5.2).</summary>
    public const int MaxReportSize = 16 * 1024 * 1024;

    /// <summary>
    /// How many levels of forwarded messages (message/rfc822 parts, a forward of a forward...) are searched for reports.
    /// A mail admin forwards a report, perhaps forwarded to them; deeper nesting is no forwarding but an attack on the reader.
    /// </summary>
    public const int MaxForwardDepth = 4;

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
        else if (body)
        {
            // A stream that cannot go back (a pipe) is copied with its head in front, a report body only up to the cap (§5.2).
            var copy = new MemoryStream();
            copy.Write(head, 0, length);
            return [ReportReadResult.Read(source, () => ParseBody(CopyCapped(stream, source, "(body)", copy), source, [], out _))];
        }
        else
        {
            // A mailbox or message from a pipe is parsed as it comes, its head put back in front: MimeKit reads a stream
            // that cannot seek forward only, holding the parts of one message at a time, never the whole mailbox.
            var chained = new ChainedStream();
            chained.Add(new MemoryStream(head, 0, length, writable: false));
            chained.Add(stream, leaveOpen: true);
            stream = chained;
        }

        if (body)
        {
            return [ReportReadResult.Read(source, () => ParseBody(CopyCapped(stream, source, "(body)"), source, [], out _))];
        }

        return head.AsSpan(0, length).StartsWith(MboxMark) ? ReadMbox(stream, source) : ReadMessage(stream, source);
    }

    /// <summary>Reads the body of an HTTPS POST (RFC 8460 §5.4), whose media type says whether it is compressed.</summary>
    /// <remarks>
    /// The body is read synchronously: a web server's request body may refuse that (ASP.NET Core does by default), so
    /// there use <see cref="ReadHttpsPostAsync"/>.
    /// </remarks>
    /// <param name="body">The request body; not disposed.</param>
    /// <param name="contentType">The request's <c>Content-Type</c>: <c>application/tlsrpt+json</c> or <c>application/tlsrpt+gzip</c>.</param>
    /// <param name="source">A name for messages, e.g. the client address.</param>
    public static ReportReadResult ReadHttpsPost(Stream body, string? contentType, string source) =>
        ReportReadResult.Read(source, () =>
        {
            var declared = HttpsPostType(contentType, source);
            return ParseBody(CopyCapped(body, source, "(body)"), source, [], out _, declared);
        });

    /// <summary>
    /// Reads the body of an HTTPS POST (RFC 8460 §5.4) as <see cref="ReadHttpsPost"/> does, reading the stream only
    /// asynchronously, as a web server's request body (ASP.NET Core's, Kestrel's) requires.
    /// </summary>
    /// <param name="body">The request body; not disposed.</param>
    /// <param name="contentType">The request's <c>Content-Type</c>: <c>application/tlsrpt+json</c> or <c>application/tlsrpt+gzip</c>.</param>
    /// <param name="source">A name for messages, e.g. the client address.</param>
    /// <param name="cancellationToken">Stops the reading, e.g. when the client goes away.</param>
    public static async Task<ReportReadResult> ReadHttpsPostAsync(
        Stream body, string? contentType, string source, CancellationToken cancellationToken = default)
    {
        string declared;
        MemoryStream content;
        try
        {
            declared = HttpsPostType(contentType, source);
            content = await CopyCappedAsync(body, source, cancellationToken);
        }
        catch (TlsReportFormatException e)
        {
            return new ReportReadResult(source, null, e);
        }

        return ReportReadResult.Read(source, () => ParseBody(content, source, [], out _, declared));
    }

    /// <summary>The media type an HTTPS POST declares, lower-case; one other than a report's is refused (RFC 8460 §5.4).</summary>
    private static string HttpsPostType(string? contentType, string source)
    {
        var declared = ContentType.TryParse(contentType ?? "", out var parsed) ? parsed.MimeType.ToLowerInvariant() : contentType ?? "";
        return declared is JsonMediaType or GzipMediaType
            ? declared
            : throw new TlsReportFormatException(source, new Diagnostic(Severity.Error, "Content-Type", contentType ?? "(missing)",
                $"must be {JsonMediaType} or {GzipMediaType}", "RFC 8460 §5.4"));
    }

    /// <summary>Reads the reports attached to one e-mail message (RFC 8460 §5.3).</summary>
    /// <param name="stream">The message in RFC 5322 form; not disposed.</param>
    /// <param name="source">Its name for messages.</param>
    public static IEnumerable<ReportReadResult> ReadMessage(Stream stream, string source)
    {
        MimeMessage message;
        try
        {
            // Persistent: on a seekable stream MimeKit leaves each part's content in the stream instead of copying it
            // into memory, so ordinary mail with a huge attachment beside the reports costs no memory. A stream that cannot
            // seek is parsed all the same, each part's content copied into memory.
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
        var found = new List<(MimeMessage Message, MimePart Part, List<Diagnostic> Notes)>();
        var tooDeep = FindReports(message, null, 0, found);
        var deep = $"message/rfc822 nested more than {MaxForwardDepth} deep";
        if (found.Count == 0)
        {
            var top = message.Body?.ContentType;
            return [new ReportReadResult(source, null, new TlsReportFormatException(source, tooDeep
                ? new Diagnostic(Severity.Error, "(message)", deep, $"no report part within {MaxForwardDepth} levels of forwarded messages; deeper ones are not searched", "RFC 8460 §5.3")
                : new Diagnostic(Severity.Error, "Content-Type", top?.MimeType ?? "(missing)", $"the message has no {GzipMediaType} or {JsonMediaType} part", "RFC 8460 §5.3")))];
        }

        List<Diagnostic> beside = tooDeep
            ? [new Diagnostic(Severity.Warning, "(message)", deep, $"forwarded messages are searched {MaxForwardDepth} levels deep; one nested deeper was not read", "RFC 8460 §5.3")]
            : [];
        var results = new List<ReportReadResult>(found.Count);
        foreach (var (owner, part, notes) in found)
        {
            var name = found.Count == 1 ? source : $"{source} ({part.FileName ?? part.ContentType.MimeType})";
            results.Add(ReportReadResult.Read(name, () =>
            {
                using var content = part.Content?.Open() ?? Stream.Null;
                var report = ParseBody(CopyCapped(content, name, "(body)"), name, [.. notes, .. beside], out var gzip, part.ContentType.MimeType.ToLowerInvariant());
                return report.WithNotes([.. ReportMessageHeaders.Check(owner, report), .. ReportFileName.Check(part.FileName, report, gzip)]);
            }));
        }

        return results;
    }

    /// <summary>
    /// Adds the report parts of <paramref name="message"/> to <paramref name="found"/>, each with the notes about the message
    /// that holds it; when it has none, those of the messages forwarded inside it (message/rfc822 parts, attached or inline),
    /// down to <see cref="MaxForwardDepth"/> levels. A report part is found once: the parts of a message stop at the messages
    /// inside it. Returns whether a message nested deeper was left unread.
    /// </summary>
    /// <param name="message">The message to search.</param>
    /// <param name="forwardedAs">The media type of the part that held <paramref name="message"/>; null for the message read.</param>
    /// <param name="depth">How many forwarded messages deep <paramref name="message"/> is: 0 for the message read.</param>
    /// <param name="found">Where the report parts go.</param>
    private static bool FindReports(MimeMessage message, string? forwardedAs, int depth, List<(MimeMessage, MimePart, List<Diagnostic>)> found)
    {
        var parts = message.BodyParts.OfType<MimePart>()
            .Where(p => p.ContentType.IsMimeType("application", "tlsrpt+json") || p.ContentType.IsMimeType("application", "tlsrpt+gzip"))
            .ToList();
        var labelled = parts.Count > 0;
        if (!labelled)
        {
            // Some reporters label the attachment application/gzip or application/json; the file name tells.
            parts = message.BodyParts.OfType<MimePart>()
                .Where(p => p.FileName is { } name && (name.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".json.gz", StringComparison.OrdinalIgnoreCase)))
                .ToList();
        }

        if (parts.Count > 0)
        {
            var notes = new List<Diagnostic>();
            if (forwardedAs is not null)
            {
                // The §5.3 header checks below are made on this message's headers: a forwarder's carry none of them.
                notes.Add(new Diagnostic(Severity.Warning, "(message)", forwardedAs,
                    "the report message came forwarded inside another message; its own headers were checked, not the forwarder's", "RFC 8460 §5.3"));
            }

            var top = message.Body?.ContentType;
            if (top is null || !top.IsMimeType("multipart", "report") || !string.Equals(top.Parameters["report-type"], "tlsrpt", StringComparison.OrdinalIgnoreCase))
            {
                notes.Add(new Diagnostic(Severity.Warning, "Content-Type", top?.ToString() ?? "(missing)",
                    "should be multipart/report with report-type=tlsrpt", "RFC 8460 §5.3"));
            }

            if (!labelled)
            {
                notes.AddRange(parts.Select(p => new Diagnostic(Severity.Warning, "Content-Type", p.ContentType.MimeType,
                    $"the report part should be {JsonMediaType} or {GzipMediaType}", "RFC 8460 §5.3")));
            }

            found.AddRange(parts.Select(p => (message, p, notes)));
            return false;
        }

        var tooDeep = false;
        foreach (var forwarded in message.BodyParts.OfType<MessagePart>())
        {
            if (forwarded.Message is { } inner)
            {
                tooDeep = depth == MaxForwardDepth || FindReports(inner, forwarded.ContentType.MimeType.ToLowerInvariant(), depth + 1, found) || tooDeep;
            }
        }

        return tooDeep;
    }

    /// <summary>Parses one report body read into <paramref name="body"/>, telling by its first bytes whether it is gzip-compressed (<paramref name="gzip"/>).</summary>
    private static TlsReport ParseBody(MemoryStream body, string source, List<Diagnostic> notes, out bool gzip, string? declared = null)
    {
        var bytes = new ReadOnlyMemory<byte>(body.GetBuffer(), 0, (int)body.Length);
        gzip = IsGzip(bytes.Span);
        if (declared is not null && declared != (gzip ? GzipMediaType : JsonMediaType) && declared is JsonMediaType or GzipMediaType)
        {
            notes.Add(new Diagnostic(Severity.Warning, "Content-Type", declared, $"the content is {(gzip ? "gzip" : "not gzip")}; read as such", "RFC 8460 §5.2"));
        }

        if (gzip)
        {
            try
            {
                using var inflater = new GZipStream(new MemoryStream(body.GetBuffer(), 0, (int)body.Length), CompressionMode.Decompress);
                var expanded = CopyCapped(inflater, source, "(gzip)");
                bytes = new ReadOnlyMemory<byte>(expanded.GetBuffer(), 0, (int)expanded.Length);
            }
            catch (InvalidDataException e)
            {
                throw new TlsReportFormatException(source, new Diagnostic(Severity.Error, "(gzip)", e.Message, "is not a valid gzip stream", "RFC 8460 §5.2"), e);
            }
        }

        var report = TlsReportParser.Parse(bytes, source);
        return report.WithNotes(notes);
    }

    /// <summary>Reads <paramref name="from"/> to its end into memory, refusing more than <see cref="MaxReportSize"/> bytes (§5.2).</summary>
    /// <param name="from">The stream.</param>
    /// <param name="source">The report's name for the error.</param>
    /// <param name="field">What is read: <c>(body)</c>, or <c>(gzip)</c> for what a body expands to.</param>
    /// <param name="to">Where the bytes go, after those already there (which count towards the cap); a new stream when null.</param>
    private static MemoryStream CopyCapped(Stream from, string source, string field, MemoryStream? to = null)
    {
        to ??= new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            int read;
            while ((read = from.Read(chunk, 0, chunk.Length)) > 0)
            {
                Append(to, chunk, read, source, field);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        return to;
    }

    /// <summary><see cref="CopyCapped"/> of a body with asynchronous reads only.</summary>
    private static async Task<MemoryStream> CopyCappedAsync(Stream from, string source, CancellationToken cancellationToken)
    {
        var to = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            int read;
            while ((read = await from.ReadAsync(chunk.AsMemory(), cancellationToken)) > 0)
            {
                Append(to, chunk, read, source, "(body)");
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        return to;
    }

    private static void Append(MemoryStream to, byte[] chunk, int read, string source, string field)
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

    private static bool IsGzip(ReadOnlySpan<byte> head) => head.Length >= 2 && head[0] == 0x1F && head[1] == 0x8B;

    /// <summary>Whether the first bytes are a report body, gzip (§5.2) or JSON (§4.4), rather than a mailbox or a message.</summary>
    /// <remarks>A head of nothing but white space is no e-mail message (RFC 5322 §2.1 starts with a header field): JSON, pretty-printed.</remarks>
    private static bool IsBody(ReadOnlySpan<byte> head) =>
        IsGzip(head) || head.TrimStart("\uFEFF"u8).TrimStart(" \t\r\n"u8) is [] or [(byte)'{' or (byte)'[', ..];
}
