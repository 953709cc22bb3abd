using System.Text.Json.Nodes;
using Mail.MtaSts.Reporting;

namespace Mail.MtaSts.Tests.Reporting;

/// <summary>
/// What a summary keeps once reports are added, measured on the whole heap after a full collection:
/// these tests run alone, after the parallel ones, so no other test's objects are counted. Bytes, never time.
/// </summary>
[CollectionDefinition(nameof(RetainedMemoryTests), DisableParallelization = true)]
[Collection(nameof(RetainedMemoryTests))]
public class RetainedMemoryTests
{
    [Fact]
    public void Large_policy_strings_are_not_kept_once_their_reports_are_added()
    {
        // The mode-and-id cache kept each distinct policy-string whole: 48 reports of a 1 MiB policy-string kept 96 MiB.
        var summary = new ReportSummary();
        var padding = new string('x', 1024 * 1024);
        var before = GC.GetTotalMemory(forceFullCollection: true);
        for (var i = 0; i < 48; i++)
        {
            var report = SyntheticReports.Report(reportId: $"big-{i}");
            report["policies"]![0]!["policy"]!["policy-string"] = new JsonArray("version: STSv1", "mode: testing", $"mx: {i}.{padding}", "max_age: 604800");
            summary.Add(TlsReportParser.Parse(SyntheticReports.Json(report), $"big-{i}.json"));
        }

        var retained = GC.GetTotalMemory(forceFullCollection: true) - before;

        Assert.Equal(48, summary.Reports);
        Assert.True(retained < 16 * 1024 * 1024, $"{retained:N0} bytes kept after 48 reports");
        GC.KeepAlive(summary);
    }
}
