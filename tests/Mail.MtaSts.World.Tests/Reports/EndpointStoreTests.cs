using System.Net;
using System.Text.Json;
using Mail.MtaSts.Cli.Tests;
using Mail.MtaSts.Cli.Tests.Reports;
using Mail.MtaSts.Hosting;
using Mail.MtaSts.Tests.Reporting;
using Mail.MtaSts.World.Tests.Hosting;
using MimeKit;

namespace Mail.MtaSts.World.Tests.Reports;

/// <summary>
/// <c>reports summarize</c> over a directory as the report endpoint stores it (docs/reports-endpoint.md): the Worker the
/// core renders, run under workerd with its storage bound to a writable disk directory, is sent the corpus reports;
/// that directory is what <c>aws s3 sync s3://bucket/reports/ DIR</c> brings down.
/// </summary>
public sealed class EndpointStoreTests
{
    private static readonly string[] CorpusDomains = ["example.com", "company-y.example", "test.xmox.nl", "cardinalhealth.ca"];

    [Fact]
    public async Task Summarize_reads_what_the_endpoint_stored_with_the_totals_of_the_reports_sent()
    {
        using var work = new Workspace();
        var store = Directory.CreateDirectory(work.Path("bucket")).FullName;
        var endpoint = new ReportEndpoint(Workerd.HostName, CorpusDomains.Select(d => DomainName.Parse(d)));
        await using (var workerd = await Workerd.StartAsync(
            [new Workerd.Script("tlsrpt", ReportWorkerScript.Render(endpoint), new Dictionary<string, string> { [ReportWorkerScript.DiskBinding] = store })],
            ReportWorkerScript.CompatibilityDate))
        {
            using var client = workerd.ClientFor("tlsrpt");
            foreach (var (type, body) in Bodies())
            {
                using var content = new ByteArrayContent(body);
                content.Headers.TryAddWithoutValidation("Content-Type", type);
                using var response = await client.PostAsync(ReportEndpoint.Path, content);
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {workerd.Log()}");
            }
        }

        var (exit, stored, error) = await CliRun.RunAsync("reports", "summarize", Path.Combine(store, "reports"), "--json");
        var (_, sent, _) = await CliRun.RunAsync(["reports", "summarize", .. Workspace.CorpusReports(), "--json"]);

        Assert.Equal((0, ""), (exit, error));
        using var fromStore = JsonDocument.Parse(stored);
        using var fromSent = JsonDocument.Parse(sent);
        // Every JSON file went twice, as JSON and as gzip: kept twice, counted once (same organisation and report-id).
        Assert.Equal((6, 4, 0), (Count(fromStore, "reports"), Count(fromStore, "duplicates"), Count(fromStore, "rejected")));
        Assert.Equal(fromSent.RootElement.GetProperty("domains").GetRawText(), fromStore.RootElement.GetProperty("domains").GetRawText());
        var rfc = fromStore.RootElement.GetProperty("domains").EnumerateArray().Single(d => d.GetProperty("policyDomain").GetString() == "company-y.example");
        Assert.Equal((5326, 303), (rfc.GetProperty("successfulSessions").GetInt64(), rfc.GetProperty("failedSessions").GetInt64()));

        // One domain's folder is that domain's reports: summarise it alone.
        var (_, one, _) = await CliRun.RunAsync("reports", "summarize", Path.Combine(store, "reports", "example.com"), "--json");
        using var oneDomain = JsonDocument.Parse(one);
        Assert.Equal(["example.com"], oneDomain.RootElement.GetProperty("domains").EnumerateArray().Select(d => d.GetProperty("policyDomain").GetString()));
    }

    private static long Count(JsonDocument summary, string name) => summary.RootElement.GetProperty(name).GetInt64();

    /// <summary>The corpus as reporters POST it: each JSON file as JSON and gzip, each e-mail's gzip attachment as it came.</summary>
    private static IEnumerable<(string Type, byte[] Body)> Bodies()
    {
        foreach (var file in Workspace.CorpusReports())
        {
            if (file.EndsWith(".json", StringComparison.Ordinal))
            {
                yield return ("application/tlsrpt+json", File.ReadAllBytes(file));
                yield return ("application/tlsrpt+gzip", SyntheticReports.Gzip(File.ReadAllBytes(file)));
            }
            else
            {
                var part = MimeMessage.Load(file).BodyParts.OfType<MimePart>().Single(p => p.ContentType.IsMimeType("application", "tlsrpt+gzip"));
                using var attachment = new MemoryStream();
                part.Content!.DecodeTo(attachment);
                yield return ("application/tlsrpt+gzip", attachment.ToArray());
            }
        }
    }
}
