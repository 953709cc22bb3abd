using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Text;
using Mail.MtaSts;
using Mail.MtaSts.Hosted;
using Mail.MtaSts.Hosting;
using Mail.MtaSts.Tests.Hosted;
using Mail.MtaSts.World.Tests.Hosting;

/// <summary>
/// <c>dotnet run -c Release --project bench/Mail.MtaSts.Benchmarks -- hosted [domains...]</c> (default 100 1000 10000):
/// for a provider with that many customers, the time and memory of <see cref="HostedPlan.Create"/> and of rendering its
/// Worker, the Worker's size raw and gzipped against Cloudflare's limits, and the Worker run under workerd (HTTPS on
/// loopback): its start-up and its CPU per request, which stays flat as the map grows if the Host lookup is O(1).
/// Not part of the test run.
/// </summary>
internal static class HostedBench
{
    private const int Runs = 5;
    private const int Requests = 5_000;
    private const int Concurrency = 8;

    public static async Task<int> RunAsync(string[] args)
    {
        var counts = args.Length > 0 ? args.Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToArray() : [100, 1_000, 10_000];
        Console.WriteLine($"hosted plan and Worker; load (1 min) {File.ReadAllText("/proc/loadavg").Split(' ')[0]} on {Environment.ProcessorCount} cores");
        foreach (var count in counts)
        {
            var settings = Fleet.Of(count);
            // The Host the requests ask for; the certificate workerd serves is for it (Workerd.HostName).
            settings.Domains[0] = new HostedDomainSettings { Domain = "example.com", Mx = ["*.mail.protection.outlook.com"], Mode = PolicyMode.Enforce };

            var (plan, planMs, planAllocated) = Measure(() => HostedPlan.Create(settings));
            var retained = Retained(() => HostedPlan.Create(settings));
            var (script, renderMs, renderAllocated) = Measure(() => HostedWorkerScript.Render(plan));
            var raw = Encoding.UTF8.GetByteCount(script);
            var gzip = Gzip(script);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{count,6:N0} domains: plan {planMs:N1} ms, {planAllocated / 1048576.0:N1} MiB allocated, {retained / 1048576.0:N1} MiB kept; "
                + $"Worker rendered in {renderMs:N1} ms ({renderAllocated / 1048576.0:N1} MiB allocated), {raw / 1024.0:N0} KiB, gzip {gzip / 1024.0:N0} KiB "
                + $"({100.0 * gzip / HostedWorkerScript.FreePlanSizeLimit:N1} % of the Free plan's 3 MB)"));

            var clock = Stopwatch.StartNew();
            await using var workerd = await Workerd.StartAsync([new Workerd.Script("hosted", script)], HostedWorkerScript.CompatibilityDate);
            var listening = clock.Elapsed.TotalMilliseconds;
            using var client = workerd.ClientFor("hosted");
            (await client.GetAsync(DeploymentPlan.PolicyPath)).EnsureSuccessStatusCode();
            var firstAnswer = clock.Elapsed.TotalMilliseconds;
            await SendAsync(client, 500, plan.Find(Workerd.HostName)!.PolicyBytes.Length); // warm-up
            var cpuBefore = ReportEndpointBench.ProcessCpuSeconds(workerd.ProcessId);
            clock.Restart();
            var latencies = await SendAsync(client, Requests, plan.Find(Workerd.HostName)!.PolicyBytes.Length);
            var elapsed = clock.Elapsed.TotalSeconds;
            var cpu = ReportEndpointBench.ProcessCpuSeconds(workerd.ProcessId) - cpuBefore;
            latencies.Sort();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"        workerd: listening after {listening:N0} ms, first policy after {firstAnswer:N0} ms; {Requests:N0} GETs {Concurrency} at a time: "
                + $"{Requests / elapsed:N0} requests/s, p50 {latencies[latencies.Count / 2]:N1} ms, p99 {latencies[latencies.Count * 99 / 100]:N1} ms, "
                + $"workerd CPU {cpu * 1000 / Requests:N3} ms per request"));
        }

        return 0;
    }

    /// <summary>The result of <paramref name="run"/> and its median time and allocation over <see cref="Runs"/> runs after one to warm up.</summary>
    private static (T Result, double Ms, long Allocated) Measure<T>(Func<T> run)
    {
        var result = run();
        var times = new List<double>();
        var allocated = new List<long>();
        for (var i = 0; i < Runs; i++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            var clock = Stopwatch.StartNew();
            result = run();
            times.Add(clock.Elapsed.TotalMilliseconds);
            allocated.Add(GC.GetAllocatedBytesForCurrentThread() - before);
        }

        times.Sort();
        allocated.Sort();
        return (result, times[Runs / 2], allocated[Runs / 2]);
    }

    /// <summary>The bytes the heap keeps for what <paramref name="make"/> returns.</summary>
    private static long Retained(Func<object> make)
    {
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        var kept = make();
        var size = GC.GetTotalMemory(forceFullCollection: true) - baseline;
        GC.KeepAlive(kept);
        return size;
    }

    /// <summary>GETs the policy <paramref name="count"/> times, <see cref="Concurrency"/> at a time; returns each latency in ms.</summary>
    private static async Task<List<double>> SendAsync(HttpClient client, int count, int expectedLength)
    {
        var latencies = new List<double>(count);
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, Concurrency).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) < count)
            {
                var clock = Stopwatch.StartNew();
                using var response = await client.GetAsync(DeploymentPlan.PolicyPath);
                var body = await response.Content.ReadAsByteArrayAsync();
                if (response.StatusCode != HttpStatusCode.OK || body.Length != expectedLength)
                {
                    throw new InvalidOperationException($"{(int)response.StatusCode}, {body.Length} bytes");
                }

                lock (latencies)
                {
                    latencies.Add(clock.Elapsed.TotalMilliseconds);
                }
            }
        }));
        return latencies;
    }

    private static long Gzip(string text)
    {
        var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes(text));
        }

        return output.Length;
    }
}
