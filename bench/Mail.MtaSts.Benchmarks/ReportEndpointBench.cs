using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Text;
using Mail.MtaSts;
using Mail.MtaSts.Hosting;
using Mail.MtaSts.World.Tests.Hosting;

/// <summary>
/// <c>dotnet run -c Release --project bench/Mail.MtaSts.Benchmarks -- reports-endpoint [requests] [concurrency]</c>: runs
/// the report Worker the core renders under workerd (HTTPS on loopback, its storage bound to a writable disk service, as
/// in the tests) and POSTs <c>requests</c> (default 5,000) TLS reports, <c>concurrency</c> (default 32) at a time over
/// keep-alive connections, first gzip then JSON, printing requests per second, latency and workerd's CPU time per
/// request. Every request must be answered 200 and every report stored. Not part of the test run.
/// </summary>
internal static class ReportEndpointBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var requests = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5_000;
        var concurrency = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 32;
        var store = Directory.CreateTempSubdirectory("mtasts-endpoint-bench-");
        var endpoint = new ReportEndpoint(Workerd.HostName, [DomainName.Parse("example.com")]);
        var json = Encoding.UTF8.GetBytes(Report());
        var gzip = Gzip(json);
        await using var workerd = await Workerd.StartAsync(
            [new Workerd.Script("tlsrpt", ReportWorkerScript.Render(endpoint), new Dictionary<string, string> { [ReportWorkerScript.DiskBinding] = store.FullName })],
            ReportWorkerScript.CompatibilityDate);
        using var client = workerd.ClientFor("tlsrpt");
        client.Timeout = TimeSpan.FromMinutes(1);
        try
        {
            await SendAsync(client, gzip, "application/tlsrpt+gzip", Math.Min(500, requests), concurrency); // warm-up
            Console.WriteLine($"report Worker under workerd, {requests:N0} POSTs {concurrency} at a time over HTTPS on loopback; "
                + $"load (1 min) {File.ReadAllText("/proc/loadavg").Split(' ')[0]} on {Environment.ProcessorCount} cores");
            foreach (var (body, type) in new[] { (gzip, "application/tlsrpt+gzip"), (json, "application/tlsrpt+json") })
            {
                var cpuBefore = ProcessCpuSeconds(workerd.ProcessId);
                var clock = Stopwatch.StartNew();
                var latencies = await SendAsync(client, body, type, requests, concurrency);
                clock.Stop();
                var cpu = ProcessCpuSeconds(workerd.ProcessId) - cpuBefore;
                latencies.Sort();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {type} ({body.Length:N0} bytes): {requests / clock.Elapsed.TotalSeconds:N0} requests/s; latency p50 {latencies[latencies.Count / 2]:N1} ms, "
                    + $"p99 {latencies[latencies.Count * 99 / 100]:N1} ms; workerd CPU {cpu * 1000 / requests:N2} ms per request"));
            }

            var stored = Directory.EnumerateFiles(store.FullName, "*", SearchOption.AllDirectories).Count();
            var expected = Math.Min(500, requests) + 2 * requests;
            Console.WriteLine($"  stored {stored:N0} of {expected:N0} reports");
            return stored == expected ? 0 : 1;
        }
        finally
        {
            store.Delete(recursive: true);
        }
    }

    /// <summary>Sends <paramref name="count"/> POSTs, <paramref name="concurrency"/> at a time; returns each latency in ms.</summary>
    private static async Task<List<double>> SendAsync(HttpClient client, byte[] body, string type, int count, int concurrency)
    {
        var latencies = new List<double>(count);
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) < count)
            {
                var clock = Stopwatch.StartNew();
                using var content = new ByteArrayContent(body);
                content.Headers.TryAddWithoutValidation("Content-Type", type);
                using var response = await client.PostAsync(ReportEndpoint.Path, content);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    throw new InvalidOperationException($"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                }

                lock (latencies)
                {
                    latencies.Add(clock.Elapsed.TotalMilliseconds);
                }
            }
        }));
        return latencies;
    }

    /// <summary>User + system CPU seconds of a process, from <c>/proc/PID/stat</c> (USER_HZ 100).</summary>
    internal static double ProcessCpuSeconds(int pid)
    {
        var fields = File.ReadAllText($"/proc/{pid}/stat").Split(')')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }

    private static byte[] Gzip(byte[] content)
    {
        var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(content);
        }

        return output.ToArray();
    }

    /// <summary>A one-day report as Google sends them: one sts policy, two failure groups.</summary>
    private static string Report() => """
        {"organization-name":"Google Inc.","date-range":{"start-datetime":"2026-11-02T00:00:00Z","end-datetime":"2026-11-02T23:59:59Z"},
         "contact-info":"smtp-tls-reporting@google.com","report-id":"2026-11-02T00:00:00Z_example.com",
         "policies":[{"policy":{"policy-type":"sts","policy-string":["version: STSv1","mode: testing","mx: mx1.example.com","mx: mx2.example.com","max_age: 604800"],
           "policy-domain":"example.com","mx-host":["mx1.example.com","mx2.example.com"]},
           "summary":{"total-successful-session-count":4812,"total-failure-session-count":17},
           "failure-details":[{"result-type":"certificate-expired","sending-mta-ip":"209.85.220.41","receiving-mx-hostname":"mx2.example.com","receiving-ip":"192.0.2.26","failed-session-count":12},
                              {"result-type":"starttls-not-supported","sending-mta-ip":"2607:f8b0:4864:20::d2c","receiving-mx-hostname":"mx2.example.com","receiving-ip":"192.0.2.26","failed-session-count":5}]}]}
        """;
}
