using System.Globalization;
using Mail.MtaSts.Reporting;
using Spectre.Console;

namespace Mail.MtaSts.Cli.Reports;

/// <summary>The summary as tables on the terminal. Every text from a report is shown as plain text, never as markup, and without control characters.</summary>
internal static class SummaryTable
{
    private const int TopRows = 10;

    public static void Write(ReportSummary summary, string filter, IAnsiConsole console)
    {
        var leftOut = summary.LeftOut > 0 ? $", {summary.LeftOut} more read outside it" : "";
        console.Write(new Text($"{summary.Reports} reports ({filter}){leftOut}; {summary.Duplicates} duplicates counted once; {summary.Rejected} refused.\n"));
        var all = summary.Domains;
        if (all.Count == 0)
        {
            console.Write(new Text(TerminalText.Printable(Nothing(summary, filter)) + "\n"));
        }
        else
        {
            // Every domain first, worst failure rate first: a provider reads hundreds.
            var overview = Table("Policy domain", "Sessions", "Failed", "Failure rate", "Top failure reason", "Top failing MX");
            foreach (var row in DomainOverview.Of(all))
            {
                overview.AddRow(Cell(DomainOverview.Name(row.Domain)), Number(row.Sessions), Number(row.Domain.FailedSessions),
                    Cell(Percent(row.Domain.FailureRate)), Cell(row.TopFailure), Cell(row.TopMx));
            }

            console.Write(overview);
        }

        foreach (var domain in all)
        {
            var name = DomainOverview.Name(domain);
            // A heading as long as its text: a rule across the width would pad piped output to 240 columns of dashes.
            console.Write(new Text(TerminalText.Printable($"── {name}: {Count(domain.SuccessfulSessions)} successful, {Count(domain.FailedSessions)} failed sessions ({Percent(domain.FailureRate)} failed) ──") + "\n"));

            var days = Table("Day (UTC)", "Successful", "Failed", "Failure rate", "Failures by result type");
            foreach (var day in domain.Days)
            {
                days.AddRow(Cell(Day(day.Day)), Number(day.SuccessfulSessions), Number(day.FailedSessions),
                    Cell(Percent(day.FailureRate)), Cell(string.Join(", ", day.FailuresByResultType.Select(c => $"{c.Key} {c.Sessions}"))));
            }

            days.AddRow(Cell("total"), Number(domain.SuccessfulSessions), Number(domain.FailedSessions), Cell(Percent(domain.FailureRate)), Cell(""));
            console.Write(days);

            if (domain.FailuresByResultType.Count > 0)
            {
                console.Write(Counts("Result type", domain.FailuresByResultType));
                console.Write(Counts("Receiving MX", domain.FailuresByReceivingMx));
                console.Write(Counts("Sending IP", domain.FailuresBySendingIp));
            }

            var reporters = Table("Reporter", "Contact", "Reports", "Successful", "Failed");
            foreach (var reporter in domain.Reporters)
            {
                reporters.AddRow(Cell(reporter.Organization), Cell(reporter.Contact), Number(reporter.Reports), Number(reporter.SuccessfulSessions), Number(reporter.FailedSessions));
            }

            console.Write(reporters);

            // RFC 8461 §5: under testing failed sessions were still delivered; under enforce they were refused.
            var policies = Table("Reporter", "Policy", "Mode", "Policy id", "Reports", "Successful", "Failed", "Failed sessions were");
            foreach (var policy in domain.Policies)
            {
                policies.AddRow(Cell(policy.Organization), Cell(policy.PolicyType.ToRfcName()), Cell(policy.Mode?.ToWire() ?? "-"), Cell(policy.PolicyId ?? "-"),
                    Number(policy.Reports), Number(policy.SuccessfulSessions), Number(policy.FailedSessions), Cell(FailureOutcome.Describe(policy)));
            }

            console.Write(policies);
        }

        if (summary.Notes.Count > 0)
        {
            var notes = Table("Reporter", "Deviation", "Reports");
            foreach (var note in summary.Notes)
            {
                notes.AddRow(Cell(note.Organization), Cell($"{note.Field}: {note.Rule} ({note.Section})"), Number(note.Reports));
            }

            console.Write(notes);
        }
    }

    private static Table Counts(string title, IReadOnlyList<SessionCount> counts)
    {
        var table = Table(title, "Failed sessions");
        foreach (var count in counts.Take(TopRows))
        {
            table.AddRow(Cell(count.Key), Number(count.Sessions));
        }

        if (counts.Count > TopRows)
        {
            table.AddRow(Cell($"{counts.Count - TopRows} more"), Number(counts.Skip(TopRows).Sum(c => c.Sessions)));
        }

        return table;
    }

    private static Table Table(params string[] headers)
    {
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var header in headers)
        {
            table.AddColumn(new TableColumn(new Text(header)));
        }

        return table;
    }

    private static Text Cell(string text) => new Text(TerminalText.Printable(text));

    private static Text Number(long value) => new Text(Count(value)) { Justification = Justify.Right };

    private static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    internal static string Percent(double rate) => rate.ToString("0.0%", CultureInfo.InvariantCulture);

    /// <summary>What to say when no domain is left to show; a mistyped --domain or a period without reports must not read as "no reports arrived".</summary>
    internal static string Nothing(ReportSummary summary, string filter)
    {
        if (summary is not { LeftOut: > 0, FirstDayRead: { } first, LastDayRead: { } last })
        {
            return "No reports to summarise.";
        }

        var domains = summary.DomainsRead.Count == 0 ? "no policy-domain" : string.Join(", ", summary.DomainsRead.Take(TopRows)) + (summary.DomainsRead.Count > TopRows ? $" and {summary.DomainsRead.Count - TopRows} more" : "");
        var days = first == last ? $"on {Day(first)}" : $"from {Day(first)} to {Day(last)}";
        return $"No report is inside the filter ({filter}): the {summary.LeftOut} reports read are about {domains}, {days}.";
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
