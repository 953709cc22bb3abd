using Mail.MtaSts.Reporting;

namespace Mail.MtaSts.Cli.Reports;

/// <summary>
/// Turns the command's inputs into reports, one at a time: a file (JSON, gzip, an e-mail message or an mbox,
/// told by its content), a Maildir (its <c>cur</c> and <c>new</c> messages) or any other directory (every file
/// below it, not following links to directories). A file or directory that cannot be opened or listed becomes a rejection naming
/// it and the reason, like a report that cannot be read; the other inputs are still read.
/// </summary>
internal static class ReportInputs
{
    public static IEnumerable<ReportReadResult> Read(IEnumerable<string> inputs) => inputs.SelectMany(input =>
        Directory.Exists(input) ? ReadDirectory(input) : ReadFile(input));

    private static IEnumerable<ReportReadResult> ReadDirectory(string directory)
    {
        (List<string> Files, List<string> Children) listing = ([], []);
        Exception? error = null;
        try
        {
            listing = List(directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error = e;
        }

        if (error is not null)
        {
            // A folder that cannot be listed (gone since its parent was listed, access denied, an I/O error) is one refused source.
            yield return Unreadable(directory, "(directory)", error);
        }

        foreach (var result in listing.Files.SelectMany(ReadListedFile).Concat(listing.Children.SelectMany(ReadDirectory)))
        {
            yield return result;
        }
    }

    /// <summary>The folders of a Maildir that hold delivered messages.</summary>
    private static readonly string[] MaildirMail = ["cur", "new"];

    /// <summary>Every folder of a Maildir.</summary>
    private static readonly string[] MaildirFolders = ["cur", "new", "tmp"];

    /// <summary>The files to read in <paramref name="directory"/> and the folders below it to read next, each in name order.</summary>
    private static (List<string> Files, List<string> Children) List(string directory)
    {
        // A Maildir holds one message per file in cur/ and new/; tmp/ holds deliveries in progress. Each file is still told
        // by its content: a folder of reports someone sorted into new/ is no Maildir, and a message is read as one either way.
        var maildir = Directory.Exists(Path.Combine(directory, "cur")) || Directory.Exists(Path.Combine(directory, "new"));
        var files = maildir
            ? MaildirMail.Select(d => Path.Combine(directory, d)).Where(Directory.Exists).SelectMany(Files).ToList()
            : Files(directory);

        // Links to directories are not followed below an input (as find(1) does without -L): one back up the tree would loop.
        var skipped = maildir ? MaildirFolders : [];
        var children = Directory.EnumerateDirectories(directory)
            .Where(d => !skipped.Contains(Path.GetFileName(d)) && new DirectoryInfo(d).LinkTarget is null)
            .Order(StringComparer.Ordinal)
            .ToList();
        return (files, children);
    }

    private static List<string> Files(string directory) =>
        [.. Directory.EnumerateFiles(directory).Where(f => !Path.GetFileName(f).StartsWith('.')).Order(StringComparer.Ordinal)];

    /// <summary>
    /// A file found in a folder, unless it has no size: an empty file holds no report, and a named pipe or a device
    /// (which also show no size) could block the batch on open(2) or never end, so it is refused without opening.
    /// A path named on the command line is always opened, so that <c>/dev/stdin</c> can be read.
    /// </summary>
    private static IEnumerable<ReportReadResult> ReadListedFile(string path)
    {
        long length;
        try
        {
            length = new FileInfo(path).Length;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [Unreadable(path, "(file)", e)];
        }

        return length > 0 ? ReadFile(path)
            : [Refused(path, "(file)", path, "has no data: it is empty, or a pipe or device, which is not opened in a folder")];
    }

    private static IEnumerable<ReportReadResult> ReadFile(string path)
    {
        FileStream stream;
        try
        {
            // Unbuffered: the readers copy in their own pooled blocks, and a buffer per file would be garbage per report.
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [Unreadable(path, "(file)", e)];
        }

        return Reading(stream, path);
    }

    private static IEnumerable<ReportReadResult> Reading(FileStream stream, string path)
    {
        using (stream)
        {
            IEnumerator<ReportReadResult>? results = null;
            try
            {
                while (true)
                {
                    ReportReadResult result;
                    try
                    {
                        results ??= TlsReportReader.Read(stream, path).GetEnumerator();
                        if (!results.MoveNext())
                        {
                            yield break;
                        }

                        result = results.Current;
                    }
                    catch (IOException e)
                    {
                        // A read error ends this file, not the batch.
                        result = Unreadable(path, "(file)", e);
                    }

                    yield return result;
                    if (result.Error?.Diagnostic.Field == "(file)")
                    {
                        yield break;
                    }
                }
            }
            finally
            {
                results?.Dispose();
            }
        }
    }

    private static ReportReadResult Unreadable(string path, string field, Exception e) => Refused(path, field, e.Message, "cannot be read", e);

    /// <summary>A file or directory refused as a whole, like a report that cannot be read (RFC 8460 §5).</summary>
    private static ReportReadResult Refused(string path, string field, string value, string rule, Exception? inner = null) =>
        new(path, null, new TlsReportFormatException(path, new Diagnostic(Severity.Error, field, value, rule, "RFC 8460 §5"), inner));
}
