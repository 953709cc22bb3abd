using System.Globalization;
using System.Net;
using System.Text;
using Mail.MtaSts.Reporting;

namespace Mail.MtaSts.Cli.Reports;

/// <summary>
/// The summary as one self-contained HTML page: inline CSS and inline SVG, no script and nothing fetched.
/// Every text from a report is HTML-encoded: reports come from strangers.
/// </summary>
internal static class SummaryHtml
{
    private const int Width = 760;
    private const int Height = 260;
    private const int Left = 64;
    private const int Right = 12;
    private const int Top = 12;
    private const int Bottom = 44;

    /// <summary>The widest a day label (<c>2026-11-02</c> at 11px) is drawn, with a gap: labels are spaced at least this far apart.</summary>
    private const double LabelWidth = 72;

    /// <summary>Per-day tables up to this many days are shown open.</summary>
    private const int OpenDays = 31;

    private const string Style = """
        body { font: 15px/1.45 system-ui, sans-serif; margin: 2em auto; max-width: 64em; color: #1d2330; padding: 0 1em; }
        h1 { font-size: 1.6em; } h2 { border-bottom: 2px solid #d8dde6; padding-bottom: .2em; margin-top: 2em; }
        table { border-collapse: collapse; margin: .6em 0 1.2em; } th, td { padding: .25em .8em; border-bottom: 1px solid #e3e7ee; text-align: left; }
        td.n { text-align: right; font-variant-numeric: tabular-nums; }
        .bar { display: inline-block; height: .8em; background: #c0392b; vertical-align: middle; min-width: 1px; }
        svg.chart { max-width: 100%; height: auto; } .successful { fill: #2e8b57; } .failed { fill: #c0392b; }
        .axis { stroke: #8a94a6; stroke-width: 1; } .grid { stroke: #e3e7ee; stroke-width: 1; } svg text { font-size: 11px; fill: #4a5468; }
        .legend span { display: inline-block; width: .8em; height: .8em; margin: 0 .3em 0 1em; vertical-align: middle; }
        .refused { color: #c0392b; } details.days summary { cursor: pointer; color: #4a5468; margin: .4em 0; }
        #domains a { color: inherit; }
        """;

    public static string Render(ReportSummary summary, string filter)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>SMTP TLS reports</title>\n<style>\n")
            .Append(Style).Append("</style>\n</head>\n<body>\n<h1>SMTP TLS reports (RFC 8460)</h1>\n")
            .Append(CultureInfo.InvariantCulture, $"<p id=\"overview\"><span id=\"reports\">{summary.Reports}</span> reports ({E(filter)})")
            .Append(CultureInfo.InvariantCulture, $"{(summary.LeftOut > 0 ? $", <span id=\"left-out\">{summary.LeftOut}</span> more read outside it" : "")}; ")
            .Append(CultureInfo.InvariantCulture, $"<span id=\"duplicates\">{summary.Duplicates}</span> duplicates counted once; <span id=\"rejected\">{summary.Rejected}</span> refused.</p>\n");
        var domains = summary.Domains;
        if (domains.Count == 0)
        {
            html.Append("<p>").Append(E(SummaryTable.Nothing(summary, filter))).Append("</p>\n");
        }
        else
        {
            Overview(html, DomainOverview.Of(domains));
        }

        var index = 0;
        foreach (var domain in domains)
        {
            Domain(html, domain, ++index);
        }

        if (summary.Rejected > 0)
        {
            html.Append("<h2>Refused</h2>\n<ul class=\"refused\">\n");
            foreach (var rejection in summary.Rejections)
            {
                html.Append("<li>").Append(E(rejection)).Append("</li>\n");
            }

            html.Append("</ul>\n");
        }

        if (summary.Notes.Count > 0)
        {
            html.Append("<h2>Deviations from RFC 8460 that were accepted</h2>\n<table id=\"notes\">\n<tr><th>Reporter</th><th>Field</th><th>What was odd</th><th>Reports</th></tr>\n");
            foreach (var note in summary.Notes)
            {
                html.Append("<tr><td>").Append(E(note.Organization)).Append("</td><td>").Append(E(note.Field)).Append("</td><td>")
                    .Append(E($"{note.Rule} ({note.Section})")).Append("</td>").Append(Number(note.Reports)).Append("</tr>\n");
            }

            html.Append("</table>\n");
        }

        return html.Append("</body>\n</html>\n").ToString();
    }

    /// <summary>Every domain, worst failure rate first, each linking to its section.</summary>
    private static void Overview(StringBuilder html, List<DomainOverview> rows)
    {
        html.Append("<h2>Policy domains, worst failure rate first</h2>\n<table id=\"domains\">\n")
            .Append("<tr><th>Policy domain</th><th>Sessions</th><th>Failed</th><th>Failure rate</th><th>Top failure reason</th><th>Top failing MX</th></tr>\n");
        foreach (var row in rows)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td><a href=\"#domain-{row.Section}\">{E(DomainOverview.Name(row.Domain))}</a></td>")
                .Append(Number(row.Sessions)).Append(Number(row.Domain.FailedSessions))
                .Append("<td class=\"n rate\">").Append(SummaryTable.Percent(row.Domain.FailureRate)).Append("</td><td>")
                .Append(E(row.TopFailure)).Append("</td><td>").Append(E(row.TopMx)).Append("</td></tr>\n");
        }

        html.Append("</table>\n");
    }

    private static void Domain(StringBuilder html, DomainSummary domain, int index)
    {
        var name = DomainOverview.Name(domain);
        html.Append(CultureInfo.InvariantCulture, $"<section class=\"domain\" id=\"domain-{index}\">\n<h2>{E(name)}</h2>\n")
            .Append("<table class=\"totals\">\n")
            .Append("<tr><th>Successful sessions</th>").Append(Number(domain.SuccessfulSessions, "total-successful")).Append("</tr>\n")
            .Append("<tr><th>Failed sessions</th>").Append(Number(domain.FailedSessions, "total-failed")).Append("</tr>\n")
            .Append("<tr><th>Failure rate</th><td class=\"n total-rate\">").Append(SummaryTable.Percent(domain.FailureRate)).Append("</td></tr>\n</table>\n");

        html.Append("<figure>\n");
        Chart(html, domain, name);
        html.Append("<figcaption class=\"legend\">Sessions per day (UTC):<span class=\"successful\" style=\"background:#2e8b57\"></span>successful")
            .Append("<span class=\"failed\" style=\"background:#c0392b\"></span>failed</figcaption>\n</figure>\n");

        // Up to a month the days are shown; a longer span (90 days for a quarter) opens on a click, the chart above says it all.
        html.Append(CultureInfo.InvariantCulture, $"<details class=\"days\"{(domain.Days.Count <= OpenDays ? " open" : "")}><summary>{domain.Days.Count} days</summary>\n")
            .Append("<table class=\"days\">\n<tr><th>Day (UTC)</th><th>Successful</th><th>Failed</th><th>Failure rate</th><th>Failures by result type</th></tr>\n");
        foreach (var day in domain.Days)
        {
            html.Append("<tr><td>").Append(Day(day.Day)).Append("</td>").Append(Number(day.SuccessfulSessions)).Append(Number(day.FailedSessions))
                .Append("<td class=\"n\">").Append(SummaryTable.Percent(day.FailureRate)).Append("</td><td>")
                .Append(E(string.Join(", ", day.FailuresByResultType.Select(c => $"{c.Key} {c.Sessions}")))).Append("</td></tr>\n");
        }

        html.Append("</table>\n</details>\n");
        if (domain.FailuresByResultType.Count > 0)
        {
            Breakdown(html, "Failures by result type", "by-result-type", domain.FailuresByResultType);
            Breakdown(html, "Failures by receiving MX", "by-receiving-mx", domain.FailuresByReceivingMx);
            Breakdown(html, "Failures by sending IP", "by-sending-ip", domain.FailuresBySendingIp);
        }

        html.Append("<h3>Reporters</h3>\n<table class=\"reporters\">\n<tr><th>Organisation</th><th>Contact</th><th>Reports</th><th>Successful</th><th>Failed</th></tr>\n");
        foreach (var reporter in domain.Reporters)
        {
            html.Append("<tr><td>").Append(E(reporter.Organization)).Append("</td><td>").Append(E(reporter.Contact)).Append("</td>")
                .Append(Number(reporter.Reports)).Append(Number(reporter.SuccessfulSessions)).Append(Number(reporter.FailedSessions)).Append("</tr>\n");
        }

        // RFC 8461 §5: under testing failed sessions were still delivered; under enforce they were refused.
        html.Append("</table>\n<h3>Policies the reporters applied</h3>\n<table class=\"policies\">\n")
            .Append("<tr><th>Reporter</th><th>Type</th><th>Mode</th><th>Policy id</th><th>Reports</th><th>Successful</th><th>Failed</th><th>Failed sessions were</th></tr>\n");
        foreach (var policy in domain.Policies)
        {
            html.Append("<tr><td>").Append(E(policy.Organization)).Append("</td><td>").Append(policy.PolicyType.ToRfcName()).Append("</td><td>")
                .Append(policy.Mode?.ToWire() ?? "-").Append("</td><td><code>").Append(policy.PolicyId ?? "-").Append("</code></td>")
                .Append(Number(policy.Reports)).Append(Number(policy.SuccessfulSessions)).Append(Number(policy.FailedSessions))
                .Append("<td>").Append(E(FailureOutcome.Describe(policy))).Append("</td></tr>\n");
        }

        html.Append("</table>\n</section>\n");
    }

    /// <summary>Successful and failed sessions per day as side-by-side bars on one linear scale.</summary>
    private static void Chart(StringBuilder html, DomainSummary domain, string name)
    {
        var days = domain.Days;
        var plotWidth = Width - Left - Right;
        var plotHeight = Height - Top - Bottom;
        var step = Step(days.Count == 0 ? 1 : days.Max(d => Math.Max(d.SuccessfulSessions, d.FailedSessions)) / 4.0);
        // In decimal: four steps above the largest count (2^63 - 1 when reports flood a day) do not fit in a long.
        var max = step * 4m;
        var group = (double)plotWidth / Math.Max(1, days.Count);
        var bar = Math.Min(28, group * 0.4);
        var labelEvery = Math.Max(1, (int)Math.Ceiling(LabelWidth / group));
        html.Append(CultureInfo.InvariantCulture, $"<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" role=\"img\" aria-label=\"{E($"Successful and failed sessions per day for {name}")}\">\n");
        for (var tick = 0; tick <= 4; tick++)
        {
            var y = Top + plotHeight - plotHeight * tick / 4.0;
            html.Append(CultureInfo.InvariantCulture, $"<line class=\"grid\" x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{y:0.#}\" y2=\"{y:0.#}\"/>")
                .Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 6}\" y=\"{y + 4:0.#}\" text-anchor=\"end\">{step * (decimal)tick:N0}</text>\n");
        }

        for (var i = 0; i < days.Count; i++)
        {
            var day = days[i];
            var centre = Left + group * (i + 0.5);
            Bar(html, "successful", centre - bar, bar, day.SuccessfulSessions, max, plotHeight, $"{Day(day.Day)}: {day.SuccessfulSessions:N0} successful");
            Bar(html, "failed", centre, bar, day.FailedSessions, max, plotHeight, $"{Day(day.Day)}: {day.FailedSessions:N0} failed");
            // A label that would pass the right edge is left out (the days of a long span are one every few anyway).
            if (i % labelEvery == 0 && centre + LabelWidth / 2 <= Width)
            {
                html.Append(CultureInfo.InvariantCulture, $"<text x=\"{centre:0.#}\" y=\"{Height - Bottom + 16}\" text-anchor=\"middle\">{Day(day.Day)}</text>\n");
            }
        }

        html.Append(CultureInfo.InvariantCulture, $"<line class=\"axis\" x1=\"{Left}\" x2=\"{Left}\" y1=\"{Top}\" y2=\"{Top + plotHeight}\"/>")
            .Append(CultureInfo.InvariantCulture, $"<line class=\"axis\" x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{Top + plotHeight}\" y2=\"{Top + plotHeight}\"/>\n</svg>\n");
    }

    /// <summary>The smallest whole step of 1, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 times a power of ten that is at least <paramref name="raw"/>.</summary>
    private static long Step(double raw)
    {
        for (long scale = 1; ; scale *= 10)
        {
            foreach (var factor in new[] { 1, 1.5, 2, 2.5, 3, 4, 5, 6, 8 })
            {
                var step = factor * scale;
                if (step >= raw && step % 1 == 0)
                {
                    return (long)step;
                }
            }
        }
    }

    private static void Bar(StringBuilder html, string kind, double x, double width, long value, decimal max, int plotHeight, string title)
    {
        // A non-zero count gets at least one pixel, so a day with few failures still shows them.
        var height = value == 0 ? 0 : Math.Max(1, plotHeight * (double)(value / max));
        var y = Top + plotHeight - height;
        html.Append(CultureInfo.InvariantCulture, $"<rect class=\"{kind}\" x=\"{x:0.##}\" y=\"{y:0.##}\" width=\"{width:0.##}\" height=\"{height:0.##}\" data-sessions=\"{value}\"><title>{title}</title></rect>\n");
    }

    private static void Breakdown(StringBuilder html, string title, string id, IReadOnlyList<SessionCount> counts)
    {
        var max = Math.Max(1, counts.Max(c => c.Sessions));
        html.Append("<h3>").Append(title).Append("</h3>\n<table class=\"").Append(id).Append("\">\n");
        foreach (var count in counts)
        {
            html.Append("<tr><td>").Append(E(count.Key)).Append("</td>").Append(Number(count.Sessions))
                .Append(CultureInfo.InvariantCulture, $"<td><span class=\"bar\" style=\"width:{12.0 * count.Sessions / max:0.##}em\"></span></td></tr>\n");
        }

        html.Append("</table>\n");
    }

    private static string Number(long value, string? id = null) =>
        id is null
            ? string.Create(CultureInfo.InvariantCulture, $"<td class=\"n\">{value:N0}</td>")
            : string.Create(CultureInfo.InvariantCulture, $"<td class=\"n {id}\">{value:N0}</td>");

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
