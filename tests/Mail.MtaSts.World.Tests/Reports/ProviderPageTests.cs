using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Mail.MtaSts.Cli.Tests;
using Mail.MtaSts.Cli.Tests.Reports;
using Mail.MtaSts.Tests.Reporting;

namespace Mail.MtaSts.World.Tests.Reports;

/// <summary>
/// What a provider reads: hundreds of domains, a quarter of daily reports. The table and the page open with every domain,
/// worst failure rate first; the page's charts stay readable for 90 days (measured in headless Chromium); and nothing
/// a reporter writes becomes markup.
/// </summary>
public sealed partial class ProviderPageTests
{
    private const int Domains = 200;
    private const int Days = 90;
    private static readonly DateOnly FirstDay = new(2026, 8, 1);
    private static readonly string[] ResultTypes = ["certificate-expired", "starttls-not-supported", "validation-failure", "sts-policy-fetch-error"];

    [Fact]
    public async Task The_table_opens_with_every_domain_worst_failure_rate_first()
    {
        using var work = new Workspace();
        Write(work, "clean.example", 0, 0, 500, 0);
        Write(work, "worst.example", 0, 0, 10, 90, "starttls-not-supported", "mx9.worst.example");
        Write(work, "middle.example", 0, 0, 900, 100, "certificate-expired", "mx2.middle.example");

        var (exit, output, _) = await CliRun.RunAsync("reports", "summarize", work.Root);

        Assert.Equal(0, exit);
        var rows = output.Split('\n').Select(l => l.Split('│', StringSplitOptions.TrimEntries).Where(c => c.Length > 0).ToList())
            .Where(cells => cells.Count == 6 && cells[0].EndsWith(".example", StringComparison.Ordinal))
            .Select(cells => string.Join(" ", cells)).ToList();
        Assert.Equal(
            [
                "worst.example 100 90 90.0% starttls-not-supported mx9.worst.example",
                "middle.example 1,000 100 10.0% certificate-expired mx2.middle.example",
                "clean.example 500 0 0.0% - -",
            ],
            rows);
        Assert.True(output.IndexOf("│ worst.example", StringComparison.Ordinal) < output.IndexOf("── clean.example", StringComparison.Ordinal), "the overview comes before the sections");
    }

    [Fact]
    public async Task A_provider_page_of_200_domains_over_90_days_opens_with_the_sorted_overview_and_draws_readable_charts()
    {
        using var work = new Workspace();
        for (var i = 0; i < Domains; i++)
        {
            for (var d = 0; d < Days; d++)
            {
                var (successful, failed) = Sessions(i, d);
                Write(work, Name(i), i, d, successful, failed, ResultTypes[i % ResultTypes.Length], $"mx{i % 3 + 1}.{Name(i)}");
            }
        }

        var page = work.Path("provider.html");
        var (exit, _, error) = await CliRun.RunAsync("reports", "summarize", work.Root, "--html", page);
        var html = File.ReadAllText(page);

        Assert.Equal((0, ""), (exit, error));
        // The overview: every domain, worst failure rate first (ties: more failed sessions, then the name), each row a link.
        var expected = Enumerable.Range(0, Domains)
            .Select(i => (Name: Name(i), Failed: Enumerable.Range(0, Days).Sum(d => (long)Sessions(i, d).Failed), All: Enumerable.Range(0, Days).Sum(d => (long)Sessions(i, d).Successful + Sessions(i, d).Failed)))
            .OrderByDescending(x => (double)x.Failed / x.All).ThenByDescending(x => x.Failed).ThenBy(x => x.Name, StringComparer.Ordinal)
            .Select(x => x.Name).ToList();
        var overview = Regex.Match(html, @"<table id=""domains"">(.*?)</table>", RegexOptions.Singleline).Groups[1].Value;
        Assert.Equal(expected, OverviewLink().Matches(overview).Select(m => m.Groups[2].Value));
        Assert.True(html.IndexOf("<table id=\"domains\">", StringComparison.Ordinal) < html.IndexOf("<section class=\"domain\"", StringComparison.Ordinal));
        var worst = OverviewRow().Match(overview);
        Assert.Equal((expected[0], ResultTypes[IndexOf(expected[0]) % ResultTypes.Length], $"mx{IndexOf(expected[0]) % 3 + 1}.{expected[0]}"),
            (worst.Groups["name"].Value, worst.Groups["reason"].Value, worst.Groups["mx"].Value));

        var facts = Chromium.Measure(page, work.Path("profile"), """
            const inside = (a, b) => a.left >= b.left - 0.5 && a.right <= b.right + 0.5 && a.top >= b.top - 0.5 && a.bottom <= b.bottom + 0.5;
            const facts = { charts: 0, bars: 0, overlaps: 0, narrowBars: 0, barsOutside: 0, textsOutside: 0, labelOverlaps: 0, minLabels: 1e9, maxLabels: 0, links: 0, brokenLinks: 0 };
            for (const svg of document.querySelectorAll("svg.chart")) {
              facts.charts++;
              const box = svg.getBoundingClientRect();
              const bars = [...svg.querySelectorAll("rect")].map((r) => r.getBoundingClientRect()).sort((a, b) => a.left - b.left);
              facts.bars += bars.length;
              bars.forEach((b, i) => {
                if (b.width < 1) facts.narrowBars++;
                if (!inside(b, box)) facts.barsOutside++;
                if (i > 0 && bars[i - 1].right > b.left + 0.01) facts.overlaps++;
              });
              const texts = [...svg.querySelectorAll("text")];
              facts.textsOutside += texts.filter((t) => !inside(t.getBoundingClientRect(), box)).length;
              const labels = texts.filter((t) => t.getAttribute("text-anchor") === "middle").map((t) => t.getBoundingClientRect()).sort((a, b) => a.left - b.left);
              facts.minLabels = Math.min(facts.minLabels, labels.length);
              facts.maxLabels = Math.max(facts.maxLabels, labels.length);
              labels.forEach((l, i) => { if (i > 0 && labels[i - 1].right > l.left) facts.labelOverlaps++; });
            }
            for (const a of document.querySelectorAll("#domains a")) {
              facts.links++;
              if (!document.getElementById(a.getAttribute("href").slice(1))?.matches("section.domain")) facts.brokenLinks++;
            }
            return facts;
            """);

        Assert.Equal(Domains, facts.GetProperty("charts").GetInt32());
        Assert.Equal(Domains * Days * 2, facts.GetProperty("bars").GetInt32());
        Assert.Equal((0, 0, 0, 0, 0), (Int(facts, "overlaps"), Int(facts, "narrowBars"), Int(facts, "barsOutside"), Int(facts, "textsOutside"), Int(facts, "labelOverlaps")));
        Assert.InRange(Int(facts, "minLabels"), 6, 12);
        Assert.Equal((Domains, 0), (Int(facts, "links"), Int(facts, "brokenLinks")));
    }

    [Fact]
    public async Task Hostile_text_in_every_field_of_a_report_stays_text_on_the_page()
    {
        const string Hostile = "\"'><script>document.title='owned'</script><img src=x onerror=alert(1)><svg onload=alert(2)></svg></style></title><a href=\"javascript:alert(3)\">x</a><!--";
        using var work = new Workspace();
        var report = SyntheticReports.Report(organization: Hostile, reportId: Hostile, failures: [(Hostile, 7, Hostile, Hostile)]);
        report["contact-info"] = Hostile;
        var policy = report["policies"]![0]!["policy"]!;
        policy["policy-string"] = new JsonArray("version: STSv1", $"mode: {Hostile}", $"mx: {Hostile}", "max_age: 604800");
        policy["mx-host"] = Hostile;
        var detail = report["policies"]![0]!["failure-details"]![0]!;
        detail["receiving-ip"] = Hostile;
        detail["receiving-mx-helo"] = Hostile;
        detail["additional-information"] = Hostile;
        detail["failure-reason-code"] = Hostile;
        work.Write("hostile.json", SyntheticReports.Json(report));
        // A policy-domain that is markup: refused or kept, it must show as text either way.
        var domain = SyntheticReports.Report(organization: "Sender", reportId: "2", domain: Hostile);
        work.Write("hostile-domain.json", SyntheticReports.Json(domain));
        var page = work.Path("hostile.html");

        await CliRun.RunAsync("reports", "summarize", work.Root, "--html", page);
        var html = File.ReadAllText(page);
        var facts = Chromium.Measure(page, work.Path("profile"), """
            const allowed = new Set(["HTML", "HEAD", "META", "TITLE", "STYLE", "BODY", "H1", "H2", "H3", "P", "SPAN", "TABLE", "TBODY", "TR", "TH", "TD",
              "A", "SECTION", "FIGURE", "FIGCAPTION", "DETAILS", "SUMMARY", "UL", "LI", "CODE", "svg", "line", "text", "rect", "title"]);
            const elements = [...document.querySelectorAll("*")].filter((e) => e.id !== "measure" && e.id !== "facts");
            return {
              title: document.title,
              unexpected: elements.filter((e) => !allowed.has(e.tagName)).map((e) => e.tagName),
              handlers: elements.flatMap((e) => [...e.attributes].filter((a) => a.name.startsWith("on")).map((a) => `${e.tagName} ${a.name}`)),
              links: elements.flatMap((e) => [...e.attributes].filter((a) => ["href", "src", "xlink:href", "action"].includes(a.name) && !a.value.startsWith("#")).map((a) => a.value)),
              // Written with \u003c: the end tag of a script, even in a comment, would end the measuring script.
              shownAsText: document.body.textContent.split("\u003cscript>document.title='owned'\u003c/script>").length - 1,
            };
            """);

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("SMTP TLS reports", facts.GetProperty("title").GetString());
        Assert.Empty(facts.GetProperty("unexpected").EnumerateArray());
        Assert.Empty(facts.GetProperty("handlers").EnumerateArray());
        Assert.Empty(facts.GetProperty("links").EnumerateArray());
        // The organisation, contact, result type, MX, IPs and the policy's mode and mx lines are shown, as text.
        Assert.True(Int(facts, "shownAsText") >= 4, $"the hostile text was shown as text {Int(facts, "shownAsText")} times");
    }

    private static int Int(JsonElement facts, string name) => facts.GetProperty(name).GetInt32();

    private static string Name(int i) => $"customer-{i:000}.example";

    private static int IndexOf(string name) => int.Parse(name["customer-".Length..^".example".Length], CultureInfo.InvariantCulture);

    /// <summary>Domain <paramref name="i"/>'s sessions on day <paramref name="d"/>: failure rates from none to about a third, varying by day.</summary>
    private static (long Successful, long Failed) Sessions(int i, int d)
    {
        var successful = 800 + i * 37 % 400 + d * 11 % 90;
        var failed = i % 9 == 0 ? 0 : i * 13 % 50 * (1 + i % 7) + d % 5;
        return (successful, failed);
    }

    private static void Write(Workspace work, string domain, int i, int d, long successful, long failed, string resultType = "certificate-expired", string mx = "mx1.example")
    {
        var day = FirstDay.AddDays(d).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        (string, long, string, string)[] failures = failed == 0 ? [] : [(resultType, failed, $"198.51.100.{i % 250 + 1}", mx)];
        var report = SyntheticReports.Report(organization: "Google Inc.", reportId: $"{day}T00:00:00Z_{domain}", domain: domain, day: day, successful: successful, failures: failures);
        work.Write(Path.Combine(domain, day + ".json"), SyntheticReports.Json(report));
    }

    [GeneratedRegex(@"<a href=""#domain-(\d+)"">([^<]*)</a>")]
    private static partial Regex OverviewLink();

    [GeneratedRegex(@"<tr><td><a href=""#domain-\d+"">(?<name>[^<]*)</a></td><td class=""n"">[^<]*</td><td class=""n"">[^<]*</td><td class=""n rate"">[^<]*</td><td>(?<reason>[^<]*)</td><td>(?<mx>[^<]*)</td></tr>")]
    private static partial Regex OverviewRow();
}
