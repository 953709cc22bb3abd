namespace Mail.MtaSts.Reporting;

/// <summary>The outcome of reading one report: the report, or the reason it was refused.</summary>
/// <param name="Source">Where the report came from: a file, <c>file#3</c> for the third message of an mbox, a request.</param>
/// <param name="Report">The report, or null when it was refused.</param>
/// <param name="Error">Why it was refused, or null.</param>
public sealed record ReportReadResult(string Source, TlsReport? Report, TlsReportFormatException? Error)
{
    internal static ReportReadResult Read(string source, Func<TlsReport> read)
    {
        try
        {
            return new ReportReadResult(source, read(), null);
        }
        catch (TlsReportFormatException e)
        {
            return new ReportReadResult(source, null, e);
        }
    }
}
