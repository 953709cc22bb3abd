namespace Mail.MtaSts.Reporting;

/// <summary>
/// A report that cannot be understood. The message names the source (file, message or request), the
/// field, the value and the rule with its RFC 8460 section.
/// </summary>
public sealed class TlsReportFormatException : FormatException
{
    /// <summary>Creates the exception for <paramref name="source"/>.</summary>
    /// <param name="source">Where the report came from, e.g. a file name or <c>inbox.mbox#3</c>.</param>
    /// <param name="diagnostic">The field, value and rule that was broken.</param>
    /// <param name="inner">The underlying error, if any.</param>
    public TlsReportFormatException(string source, Diagnostic diagnostic, Exception? inner = null)
        : base($"{source}: {diagnostic}", inner)
    {
        ReportSource = source;
        Diagnostic = diagnostic;
    }

    /// <summary>Where the report came from.</summary>
    public string ReportSource { get; }

    /// <summary>The field, value and rule that was broken.</summary>
    public Diagnostic Diagnostic { get; }
}
