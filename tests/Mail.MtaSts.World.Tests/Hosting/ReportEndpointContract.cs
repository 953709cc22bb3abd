using System.Net;
using System.Text.RegularExpressions;
using Mail.MtaSts.Hosting;
using Mail.MtaSts.Reporting;
using Mail.MtaSts.Tests.Reporting;
using MimeKit;

namespace Mail.MtaSts.World.Tests.Hosting;

/// <summary>
/// docs/reports-endpoint.md, asserted against a running implementation: the Worker under workerd
/// (<see cref="ReportWorkerTests"/>) and the Lambda handler under Node (<see cref="ReportLambdaTests"/>) run these same
/// tests over the same table of requests (<see cref="ReportEndpointCases"/>).
/// </summary>
public abstract class ReportEndpointContract(IReportEndpointHost host)
{
    public static TheoryData<string> Refusals => [.. ReportEndpointCases.Refused.Keys];

    public static TheoryData<string> Variants => [.. ReportEndpointCases.Accepted.Keys];

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task A_refused_request_gets_its_status_and_a_fixed_text_and_nothing_is_stored(string name)
    {
        var refused = ReportEndpointCases.Refused[name];
        var before = await host.KeysAsync();
        using var client = host.CreateClient();

        using var response = await client.SendAsync(refused.Request());
        var text = await response.Content.ReadAsStringAsync();

        Assert.True(refused.Status == response.StatusCode, $"{name}: {(int)response.StatusCode} {text}\n{host.Log()}");
        Assert.Equal(refused.Method == "HEAD" ? "" : refused.Text + "\n", text);
        Assert.Equal("text/plain; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        if (refused.Status == HttpStatusCode.MethodNotAllowed)
        {
            Assert.Equal(["POST"], response.Content.Headers.Allow);
        }

        Assert.Equal(before, await host.KeysAsync());
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public async Task A_report_a_strict_reading_would_still_accept_is_stored_as_sent_under_its_served_domain(string name)
    {
        var (accepted, domain, extension) = ReportEndpointCases.Accepted[name];
        var body = accepted.Body!();

        var key = Assert.Single(await PostAsync((accepted, body)));

        Assert.Matches(KeyPattern(domain, "2026-11-02", extension), key);
        var stored = (await host.SyncAsync(key)).Objects.Single();
        Assert.Equal(body, stored.Bytes);
    }

    [Fact]
    public async Task Corpus_reports_are_stored_byte_for_byte_under_their_domain_and_day_and_read_back_with_their_totals()
    {
        var bodies = CorpusBodies().ToList();

        var keys = await PostAsync([.. bodies.Select(b => (Post(b.ContentType), b.Body))]);

        Assert.Equal(bodies.Count, keys.Count);
        var synced = await host.SyncAsync(ReportEndpoint.KeyPrefix);
        var stored = synced.Objects.Where(o => keys.Contains(o.Key)).ToList();
        foreach (var (body, key) in bodies.Zip(keys))
        {
            var report = TlsReportParser.Parse(body.ContentType == ReportEndpointCases.Gzip ? Gunzip(body.Body) : body.Body, body.Name);
            var extension = body.ContentType == ReportEndpointCases.Gzip ? ".json.gz" : ".json";
            Assert.Matches(KeyPattern(report.Policies[0].Policy.PolicyDomain, $"{report.DateRange.Day:yyyy-MM-dd}", extension), key);
            var object_ = stored.Single(o => o.Key == key);
            Assert.True(body.Body.AsSpan().SequenceEqual(object_.Bytes), $"{body.Name} stored as {key} differs from what was sent");
            if (object_.ContentType is not null)
            {
                Assert.Equal(body.ContentType, object_.ContentType);
                Assert.InRange(DateTimeOffset.Parse(object_.ReceivedAt!, System.Globalization.CultureInfo.InvariantCulture), DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow);
            }
        }

        // Read back from the synced directory as `reports summarize` reads it, against the bodies as sent.
        var fromStore = Summarise(stored.Select(o => Path.Combine(synced.Directory, o.Key)).Select(f => (File.ReadAllBytes(f), f)));
        var fromSent = Summarise(bodies.Select(b => (b.Body, b.Name)));
        // Each JSON file went as JSON and as gzip: the same organisation and report-id, kept twice and counted once.
        Assert.Equal((0L, fromSent.Reports, fromSent.Duplicates), (fromStore.Rejected, fromStore.Reports, fromStore.Duplicates));
        Assert.Equal(bodies.Count, fromStore.Reports + fromStore.Duplicates);
        Assert.Equal(Totals(fromSent), Totals(fromStore));
        var rfc = fromStore.Domains.Single(d => d.PolicyDomain == "company-y.example");
        Assert.Equal((5326, 303), (rfc.SuccessfulSessions, rfc.FailedSessions));
    }

    [Fact]
    public async Task A_report_sent_twice_is_kept_twice_and_counted_once()
    {
        var body = ReportEndpointCases.Report("test.xmox.nl", reportId: $"twice-{Guid.NewGuid():N}");

        var keys = await PostAsync((Post(ReportEndpointCases.Json), body), (Post(ReportEndpointCases.Json), body));

        Assert.Equal(2, keys.Distinct().Count());
        var synced = await host.SyncAsync(ReportEndpoint.KeyPrefix + "test.xmox.nl/");
        var summary = Summarise(synced.Objects.Where(o => keys.Contains(o.Key)).Select(o => (o.Bytes, o.Key)));
        Assert.Equal((1, 1), (summary.Reports, summary.Duplicates));
    }

    [Fact]
    public async Task A_thousand_concurrent_posts_are_all_stored()
    {
        const int Posts = 1000;
        var body = SyntheticReports.Json(SyntheticReports.Report(reportId: "concurrent", domain: "cardinalhealth.ca", day: "2026-10-01"));
        var gzip = SyntheticReports.Gzip(body);
        var before = (await host.KeysAsync()).Count;
        using var client = host.CreateClient();
        client.Timeout = TimeSpan.FromMinutes(3);

        var statuses = await Task.WhenAll(Enumerable.Range(0, Posts).Select(async i =>
        {
            var (type, bytes) = i % 2 == 0 ? (ReportEndpointCases.Json, body) : (ReportEndpointCases.Gzip, gzip);
            using var response = await client.SendAsync(Post(type).Request(bytes));
            return response.StatusCode;
        }));

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Equal(before + Posts, (await host.KeysAsync()).Count);
        var synced = await host.SyncAsync(ReportEndpoint.KeyPrefix + "cardinalhealth.ca/2026-10-01/");
        Assert.Equal(Posts, synced.Objects.Count);
        Assert.Equal(Posts / 2, synced.Objects.Count(o => o.Key.EndsWith(".json.gz", StringComparison.Ordinal) && o.Bytes.AsSpan().SequenceEqual(gzip)));
        Assert.Equal(Posts / 2, synced.Objects.Count(o => o.Key.EndsWith(".json", StringComparison.Ordinal) && o.Bytes.AsSpan().SequenceEqual(body)));
    }

    /// <summary>Sends each request, in turn, asserting a 200 "stored"; returns the keys stored, in the order sent.</summary>
    private async Task<List<string>> PostAsync(params (ReportEndpointCases.Case Case, byte[] Body)[] requests)
    {
        using var client = host.CreateClient();
        var keys = new List<string>();
        foreach (var (request, body) in requests)
        {
            var before = await host.KeysAsync();
            using var response = await client.SendAsync(request.Request(body));
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK && text == "stored\n", $"{(int)response.StatusCode} {text}\n{host.Log()}");
            keys.Add(Assert.Single((await host.KeysAsync()).Except(before)));
        }

        return keys;
    }

    private static ReportEndpointCases.Case Post(string contentType) =>
        new("POST", ReportEndpoint.Path, contentType, null, HttpStatusCode.OK, "stored");

    /// <summary>Every report of the corpus as a reporter POSTs it: the JSON files as JSON and gzip, the e-mails' gzip attachments as they came.</summary>
    private static IEnumerable<(string Name, string ContentType, byte[] Body)> CorpusBodies()
    {
        foreach (var file in CorpusFile.All())
        {
            if (file.EndsWith(".json", StringComparison.Ordinal))
            {
                var json = File.ReadAllBytes(file);
                yield return (Path.GetFileName(file), ReportEndpointCases.Json, json);
                yield return (Path.GetFileName(file) + ".gz", ReportEndpointCases.Gzip, SyntheticReports.Gzip(json));
            }
            else
            {
                var message = MimeMessage.Load(file);
                var part = message.BodyParts.OfType<MimePart>().Single(p => p.ContentType.IsMimeType("application", "tlsrpt+gzip"));
                var attachment = new MemoryStream();
                part.Content!.DecodeTo(attachment);
                yield return (part.FileName ?? Path.GetFileName(file), ReportEndpointCases.Gzip, attachment.ToArray());
            }
        }
    }

    private static byte[] Gunzip(byte[] gzip)
    {
        using var inflater = new System.IO.Compression.GZipStream(new MemoryStream(gzip), System.IO.Compression.CompressionMode.Decompress);
        var json = new MemoryStream();
        inflater.CopyTo(json);
        return json.ToArray();
    }

    private static ReportSummary Summarise(IEnumerable<(byte[] Bytes, string Source)> files)
    {
        var summary = new ReportSummary();
        foreach (var (bytes, source) in files)
        {
            foreach (var result in TlsReportReader.Read(new MemoryStream(bytes), source))
            {
                summary.Add(result);
            }
        }

        return summary;
    }

    private static List<string> Totals(ReportSummary summary) =>
        [.. summary.Domains.Select(d => $"{d.PolicyDomain} {d.SuccessfulSessions} {d.FailedSessions} {string.Join(",", d.FailuresByResultType.Select(c => $"{c.Key}={c.Sessions}"))}")];

    private static Regex KeyPattern(string domain, string day, string extension) =>
        new($"^{Regex.Escape($"{ReportEndpoint.KeyPrefix}{domain}/{day}/")}[0-9]{{8}}T[0-9]{{6}}Z-[0-9a-f]{{32}}{Regex.Escape(extension)}$");
}

public sealed class ReportWorkerTests(ReportWorkerHost host) : ReportEndpointContract(host), IClassFixture<ReportWorkerHost>;

public sealed class ReportLambdaTests(ReportLambdaHost host) : ReportEndpointContract(host), IClassFixture<ReportLambdaHost>;
