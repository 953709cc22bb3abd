using System.Text.RegularExpressions;
using Mail.MtaSts.Cli.Tests;
using Mail.MtaSts.Cli.Tests.Reports;

namespace Mail.MtaSts.World.Tests.Reports;

/// <summary>The <c>--html</c> page, loaded in headless Chromium (Debian package <c>chromium</c>, installed by tests/world/install.sh).</summary>
public class HtmlTests
{
    [Fact]
    public async Task The_page_loads_in_chromium_and_shows_the_chart_and_the_totals()
    {
        using var work = new Workspace();
        File.Copy(Workspace.Corpus("parsedmarc-rfc8460.json"), work.Path("rfc8460.json"));
        work.Write("d1.json", Workspace.Report("Sender", "1", "2026-11-01", 90, 10));
        work.Write("d2.json", Workspace.Report("Sender", "2", "2026-11-02", 80, 20, "sts-policy-fetch-error"));
        work.Write("d3.json", Workspace.Report("Sender", "3", "2026-11-03", 70, 0));
        var page = work.Path("report.html");

        var (exit, _, _) = await CliRun.RunAsync("reports", "summarize", work.Root, "--html", page);
        var (chromiumExit, dom, log) = Chromium.Browse(page, work.Path("profile"));

        Assert.Equal(0, exit);
        Assert.True(chromiumExit == 0, $"chromium exited {chromiumExit}: {log}");
        Assert.DoesNotContain("Uncaught", log);
        Assert.Contains("<title>SMTP TLS reports</title>", dom);
        Assert.Matches(@"<span id=""reports"">4</span> reports", dom);

        var sections = Regex.Matches(dom, @"<section class=""domain"" id=""domain-\d+"">.*?</section>", RegexOptions.Singleline).Select(m => m.Value).ToList();
        Assert.Equal(2, sections.Count);
        var rfc = sections.Single(s => s.Contains("<h2>company-y.example</h2>"));
        Assert.Contains(@"<td class=""n total-successful"">5,326</td>", rfc);
        Assert.Contains(@"<td class=""n total-failed"">303</td>", rfc);
        Assert.Contains(@"<td class=""n total-rate"">5.4%</td>", rfc);

        var example = sections.Single(s => s.Contains("<h2>example.com</h2>"));
        Assert.Contains(@"<td class=""n total-successful"">240</td>", example);
        Assert.Contains(@"<td class=""n total-failed"">30</td>", example);
        Assert.Single(Regex.Matches(example, @"<svg class=""chart"""));
        Assert.Equal(
            ["90", "80", "70"],
            Regex.Matches(example, @"<rect class=""successful""[^>]*data-sessions=""(\d+)""").Select(m => m.Groups[1].Value));
        Assert.Equal(
            ["10", "20", "0"],
            Regex.Matches(example, @"<rect class=""failed""[^>]*data-sessions=""(\d+)""").Select(m => m.Groups[1].Value));
        var heights = Regex.Matches(example, @"<rect class=""(?:successful|failed)""[^>]*height=""([\d.]+)""").Select(m => double.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(heights[0], heights.Max());
        Assert.True(heights[1] > 0 && heights[5] == 0, string.Join(",", heights));
        Assert.Contains("sts-policy-fetch-error", example);
    }

    [Fact]
    public async Task Text_from_reports_cannot_inject_markup_or_scripts()
    {
        using var work = new Workspace();
        work.Write("evil.json", Workspace.Report("<script>document.title='owned'</script><img src=x onerror=alert(1)>", "1", "2026-11-01", 1, 1));
        var page = work.Path("report.html");

        await CliRun.RunAsync("reports", "summarize", work.Root, "--html", page);
        var html = File.ReadAllText(page);
        var (_, dom, _) = Chromium.Browse(page, work.Path("profile"));

        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("<img", html);
        Assert.DoesNotMatch(@"(src|href)=""?(https?:)?//", html);
        Assert.Contains("&lt;script&gt;document.title=&#39;owned&#39;&lt;/script&gt;", html);
        Assert.Contains("<title>SMTP TLS reports</title>", dom);
    }

    [Fact]
    public async Task A_day_with_the_largest_count_still_draws_inside_the_chart()
    {
        // 1,100 reports of 2^53 - 1 sessions on one day reach the largest count; the scale of 4 x 3e18 wrapped negative.
        using var work = new Workspace();
        for (var i = 0; i < 1100; i++)
        {
            work.Write($"r{i}.json", Workspace.Report("Sender", $"r-{i}", "2026-11-01", (1L << 53) - 1, 1));
        }

        var page = work.Path("report.html");
        var (exit, _, error) = await CliRun.RunAsync("reports", "summarize", work.Root, "--html", page);
        var html = File.ReadAllText(page);

        Assert.Equal((0, ""), (exit, error));
        Assert.Contains(@"<td class=""n total-successful"">9,223,372,036,854,775,807</td>", html);
        var heights = Regex.Matches(html, @"<rect class=""(?:successful|failed)""[^>]*height=""(-?[\d.]+)""").Select(m => double.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(2, heights.Count);
        Assert.InRange(heights[0], 100, 260);
        Assert.InRange(heights[1], 1, 260);
        Assert.DoesNotMatch(@"<text[^>]*>-", html);
    }

}
