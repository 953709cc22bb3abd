using System.CommandLine;

namespace Mail.MtaSts.Cli.Reports;

/// <summary>The <c>mta-sts reports</c> command: reading the TLS-RPT reports (RFC 8460) that come back.</summary>
internal static class ReportsCommand
{
    /// <summary>Creates <c>reports</c> with its subcommand <c>summarize</c>.</summary>
    public static Command Create() => new("reports", "Read SMTP TLS reports (RFC 8460) and show what they say.")
    {
        SummarizeCommand.Create(),
    };
}
