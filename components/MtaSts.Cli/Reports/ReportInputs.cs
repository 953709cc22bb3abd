using Mail.MtaSts.Reporting;

namespace Mail.MtaSts.Cli.Reports;

/// <summary>
/// Turns the command's inputs into reports, one at a time: a file (JSON, gzip, an e-mail message or an mbox,
/// told by its content), a Maildir (its <c>cur</c> and <c>new</c> messages) or any other directory (every file
/// below it, not following links to directories). A file that cannot be opened becomes a rejection, like a report that cannot be read.
/// </summary>
internal static class ReportInputs
{
    public static IEnumerable<ReportReadResult> Read(IEnumerable<string> inputs) => inputs.SelectMany(input =>
        Directory.Exists(input) ? ReadDirectory(input) : ReadFile(input));

    private static IEnumerable<ReportReadResult> ReadDirectory(string directory)
    {
        var maildir = Directory.Exists(Path.Combine(directory, "cur")) || Directory.Exists(Path.Combine(directory, "new"));
        if (maildir)
        {
            // A Maildir holds one message per file in cur/ and new/; tmp/ holds deliveries in progress. Each file is still told
            // by its content: a folder of reports someone sorted into new/ is no Maildir, and a message is read as one either way.
            foreach (var file in new[] { "cur", "new" }.Select(d => Path.Combine(directory, d)).Where(Directory.Exists).SelectMany(Files))
            {
                foreach (var result in ReadFile(file))
                {
                    yield return result;
                }
            }
        }
        else
        {
            foreach (var file in Files(directory))
            {
                foreach (var result in ReadFile(file))
                {
                    yield return result;
                }
            }
        }

        // Links to directories are not followed below an input (as find(1) does without -L): one back up the tree would loop.
        var skipped = maildir ? new[] { "cur", "new", "tmp" } : [];
        foreach (var child in Directory.EnumerateDirectories(directory)
            .Where(d => !skipped.Contains(Path.GetFileName(d)) && new DirectoryInfo(d).LinkTarget is null).Order(StringComparer.Ordinal))
        {
            foreach (var result in ReadDirectory(child))
            {
                yield return result;
            }
        }
    }

    private static IEnumerable<string> Files(string directory) =>
        Directory.EnumerateFiles(directory).Where(f => !Path.GetFileName(f).StartsWith('.')).Order(StringComparer.Ordinal);

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
            return [Unreadable(path, e)];
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
                        result = Unreadable(path, e);
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

    private static ReportReadResult Unreadable(string path, Exception e) =>
        new(path, null, new TlsReportFormatException(path, new Diagnostic(Severity.Error, "(file)", e.Message, "cannot be read", "RFC 8460 §5"), e));
}
