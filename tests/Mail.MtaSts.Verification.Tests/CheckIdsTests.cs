using System.Reflection;
using System.Text.RegularExpressions;
using Mail.MtaSts.Verification.Tests.Loopback;

namespace Mail.MtaSts.Verification.Tests;

/// <summary>
/// The check ids are a public contract for pipelines (docs/verify-json.md, "Check ids"): the doc lists exactly the ids in
/// <see cref="CheckIds"/>, and a verification reports no other.
/// </summary>
public sealed partial class CheckIdsTests
{
    private static HashSet<string> InCode() =>
        typeof(CheckIds).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (string)f.GetRawConstantValue()!).ToHashSet();

    [Fact]
    public void The_documentation_lists_exactly_the_ids_in_code()
    {
        var doc = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "docs", "verify-json.md"));
        var table = doc.SkipWhile(l => l != "## Check ids").Where(l => l.StartsWith("| `", StringComparison.Ordinal));
        var documented = new List<string>();
        foreach (var row in table)
        {
            // "| `a.b.trust` / `.name` / `.expiry` | area | what |": a suffix stands for the first id with its last part replaced.
            var ids = Quoted().Matches(row.Split('|')[1]).Select(m => m.Groups[1].Value).ToList();
            var first = ids[0];
            documented.Add(first);
            documented.AddRange(ids.Skip(1).Select(suffix => first[..first.LastIndexOf('.')] + suffix));
        }

        Assert.Equal(InCode().Order(), documented.Order());
        Assert.Equal(documented.Count, documented.Distinct().Count());
    }

    [Fact(Timeout = 30_000)]
    public async Task A_verification_reports_only_those_ids_each_under_its_area()
    {
        // A domain whose policy host and MX refuse connections: checks of every area, passed, failed and skipped.
        using var domain = new LoopbackDomain("ids.test");
        var areas = new Dictionary<string, CheckArea>
        {
            ["dns"] = CheckArea.Dns,
            ["policy-host"] = CheckArea.PolicyHost,
            ["mx"] = CheckArea.Mx,
            ["tlsrpt"] = CheckArea.TlsRpt,
        };

        var report = await new Verifier(domain.Options(1, 1, TimeSpan.FromSeconds(10))).VerifyAsync("ids.test");

        Assert.Equal(4, report.Checks.Select(c => c.Area).Distinct().Count());
        Assert.All(report.Checks, c =>
        {
            Assert.Contains(c.Id, InCode());
            Assert.Equal(areas[c.Id[..c.Id.IndexOf('.')]], c.Area);
        });
    }

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex Quoted();
}
