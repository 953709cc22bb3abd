using Mail.MtaSts.Verification;
using Spectre.Console;

namespace Mail.MtaSts.Cli.Verify;

/// <summary>The readable report: one block per domain, checks grouped by area, colours when on a terminal.</summary>
internal static class TextReport
{
    internal static void Write(IAnsiConsole console, IReadOnlyList<VerificationReport> reports)
    {
        foreach (var report in reports)
        {
            WriteDomain(console, report);
        }

        if (reports.Count > 1)
        {
            var failed = reports.Count(r => r.Failed);
            console.MarkupLine(failed == 0
                ? $"[green]{reports.Count} domains verified, none failed[/]"
                : $"[red]{failed} of {reports.Count} domains failed[/]");
        }
    }

    private static void WriteDomain(IAnsiConsole console, VerificationReport report)
    {
        var counts = report.Checks.GroupBy(c => c.Status).ToDictionary(g => g.Key, g => g.Count());
        var summary = $"{counts.GetValueOrDefault(CheckStatus.Fail)} failed, {counts.GetValueOrDefault(CheckStatus.Warn)} warnings";
        var mode = report.Policy is { } policy ? $"policy mode {policy.Mode.ToWire()}" : "no policy a sender would apply";
        console.MarkupLine(report.Failed
            ? $"[bold red]FAIL[/] [bold]{Markup.Escape(report.Domain)}[/] ({summary}; {mode})"
            : $"[bold green]OK[/]   [bold]{Markup.Escape(report.Domain)}[/] ({summary}; {mode})");
        foreach (var area in report.Checks.GroupBy(c => c.Area))
        {
            console.MarkupLine($"  [bold]{Title(area.Key)}[/]");
            foreach (var check in area)
            {
                var section = check.Section.Length > 0 ? $" [grey]({Markup.Escape(check.Section)})[/]" : "";
                console.MarkupLine($"    {Tag(check.Status)} [grey]{Markup.Escape(check.Id)}:[/] {Markup.Escape(check.Message)}{section}");
                if (check.Fix.Length > 0 && check.Status is CheckStatus.Fail or CheckStatus.Warn)
                {
                    console.MarkupLine($"           [grey]fix:[/] {Markup.Escape(check.Fix)}");
                }
            }
        }

        console.WriteLine();
    }

    private static string Title(CheckArea area) => area switch
    {
        CheckArea.Dns => "DNS",
        CheckArea.PolicyHost => "Policy host",
        CheckArea.Mx => "MX",
        _ => "TLS-RPT",
    };

    private static string Tag(CheckStatus status) => status switch
    {
        CheckStatus.Pass => "[green]pass[/]",
        CheckStatus.Warn => "[yellow]warn[/]",
        CheckStatus.Fail => "[red]FAIL[/]",
        CheckStatus.Skip => "[grey]skip[/]",
        _ => "[blue]info[/]",
    };
}
