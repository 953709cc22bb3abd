namespace Mail.MtaSts.Tests.Reporting;

/// <summary>The TLS-RPT corpus copied beside the tests (Corpus/tlsrpt, see SOURCES.md there).</summary>
internal static class CorpusFile
{
    public static string Path(string name) => System.IO.Path.Combine(AppContext.BaseDirectory, "Corpus", "tlsrpt", name);

    public static IEnumerable<string> All() =>
        Directory.EnumerateFiles(System.IO.Path.Combine(AppContext.BaseDirectory, "Corpus", "tlsrpt"))
            .Where(f => !f.EndsWith(".md", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);
}
