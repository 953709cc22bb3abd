using System.CommandLine;
using System.Globalization;
using Mail.MtaSts.Reporting;

namespace Mail.MtaSts.Cli.Reports;

/// <summary>
/// <c>mta-sts reports summarize &lt;file|dir|mbox|maildir&gt;... [--domain D] [--since DATE] [--until DATE] [--json] [--html FILE]</c>.
/// Exit codes: 0 every report was read; 1 some inputs were refused (each is named on standard error); 2 a usage error.
/// </summary>
internal static class SummarizeCommand
{
    public const int ExitOk = 0;
    public const int ExitRejected = 1;
    public const int ExitUsage = 2;

    public static Command Create()
    {
        var inputs = new Argument<string[]>("inputs")
        {
            Description = "Report files (JSON, gzip, e-mail), mbox files, Maildirs or directories of reports.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var domain = new Option<string?>("--domain") { Description = "Only this policy domain.", HelpName = "DOMAIN" };
        var since = new Option<string?>("--since") { Description = "Only reports whose day (UTC) is on or after DATE (YYYY-MM-DD).", HelpName = "DATE" };
        var until = new Option<string?>("--until") { Description = "Only reports whose day (UTC) is on or before DATE (YYYY-MM-DD).", HelpName = "DATE" };
        var json = new Option<bool>("--json") { Description = "Write the summary as JSON (schema: docs/reports-json.md) instead of tables." };
        var html = new Option<string?>("--html") { Description = "Also write the summary as one self-contained HTML page to FILE.", HelpName = "FILE" };
        var command = new Command("summarize", "Sum TLS-RPT reports up per policy domain and day: sessions, failures and why, reporters, policies seen.")
        {
            inputs, domain, since, until, json, html,
        };
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var usage = Usage(parse.GetValue(inputs) ?? [], parse.GetValue(domain), parse.GetValue(since), parse.GetValue(until), parse.GetValue(html), parse.UnmatchedTokens);
            if (usage is not null)
            {
                error.WriteLine($"mta-sts reports summarize: {usage}");
                return ExitUsage;
            }

            var filter = (Domain: parse.GetValue(domain) is { } d ? DomainName.Parse(d, "--domain").Value : null, Since: Date(parse.GetValue(since)), Until: Date(parse.GetValue(until)));
            var summary = new ReportSummary(filter.Domain, filter.Since, filter.Until);
            foreach (var result in ReportInputs.Read(parse.GetValue(inputs)!))
            {
                summary.Add(result);
            }

            foreach (var rejection in summary.Rejections)
            {
                error.WriteLine($"refused: {TerminalText.Printable(rejection)}");
            }

            if (summary.Rejected > summary.Rejections.Count)
            {
                error.WriteLine($"refused: {summary.Rejected - summary.Rejections.Count} more");
            }

            var filterText = FilterText(filter.Domain, filter.Since, filter.Until);
            if (parse.GetValue(html) is { } page)
            {
                File.WriteAllText(page, SummaryHtml.Render(summary, filterText));
            }

            if (parse.GetValue(json))
            {
                SummaryJson.Write(summary, filter.Domain, filter.Since, filter.Until, output);
            }
            else
            {
                SummaryTable.Write(summary, filterText, Terminal.For(output));
            }

            return summary.Rejected > 0 ? ExitRejected : ExitOk;
        });
        return command;
    }

    /// <summary>The first usage error, naming the argument, or null.</summary>
    private static string? Usage(string[] inputs, string? domain, string? since, string? until, string? html, IReadOnlyList<string> unmatched)
    {
        if (unmatched.Count > 0)
        {
            return $"unknown argument \"{unmatched[0]}\"";
        }

        // An option this command does not have is taken by the parser for an input; named as a file it would confuse.
        if (inputs.FirstOrDefault(i => i.StartsWith('-') && i.Length > 1 && !File.Exists(i) && !Directory.Exists(i)) is { } option)
        {
            return $"unknown option \"{option}\"; the options are --domain, --since, --until, --json, --html";
        }

        if (inputs.Length == 0)
        {
            return "<inputs>: give at least one report file, mbox, Maildir or directory";
        }

        if (inputs.FirstOrDefault(i => !File.Exists(i) && !Directory.Exists(i)) is { } missing)
        {
            return $"<inputs> \"{missing}\": no such file or directory";
        }

        if (domain is not null && DomainName.TryParse(domain, "--domain").Errors.FirstOrDefault() is { } broken)
        {
            return $"--domain \"{domain}\": not a domain name: {broken.Rule} ({broken.Section})";
        }

        foreach (var (name, value) in new[] { ("--since", since), ("--until", until) })
        {
            if (value is not null && Date(value) is null)
            {
                return $"{name} \"{value}\": not a date; write YYYY-MM-DD";
            }
        }

        if (Date(since) > Date(until))
        {
            return $"--since \"{since}\" is after --until \"{until}\": --since must be on or before --until";
        }

        if (html is not null && (html.Length == 0 || Directory.Exists(html) || Path.GetDirectoryName(Path.GetFullPath(html)) is { } folder && !Directory.Exists(folder)))
        {
            return $"--html \"{html}\": not a file in an existing directory";
        }

        return null;
    }

    private static DateOnly? Date(string? value) =>
        DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;

    private static string FilterText(string? domain, DateOnly? since, DateOnly? until)
    {
        var parts = new List<string>();
        if (domain is not null)
        {
            parts.Add($"domain {domain}");
        }

        if (since is not null)
        {
            parts.Add($"since {since:yyyy-MM-dd}");
        }

        if (until is not null)
        {
            parts.Add($"until {until:yyyy-MM-dd}");
        }

        return parts.Count == 0 ? "all reports" : string.Join(", ", parts);
    }
}
