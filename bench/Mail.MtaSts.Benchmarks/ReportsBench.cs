using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using Mail.MtaSts.Reporting;

/// <summary>
/// <c>dotnet run -c Release --project bench/MtaSts.Benchmarks -- reports [count]</c>: writes <c>count</c> (default
/// 10,000) gzip-compressed TLS-RPT reports to a temporary directory, then reads and summarises them as
/// <c>mta-sts reports summarize</c> does, printing reports per second and memory. Not part of the test run.
/// </summary>
internal static class ReportsBench
{
    private static readonly string[] Reporters = ["Google Inc.", "Microsoft Corporation", "Mail.ru", "Yahoo", "Comcast"];
    private static readonly string[] ResultTypes = ["certificate-expired", "starttls-not-supported", "sts-policy-fetch-error", "validation-failure", "certificate-host-mismatch"];

    public static void Run(string[] args)
    {
        var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10_000;
        var folder = Directory.CreateTempSubdirectory("mtasts-reports-bench-");
        try
        {
            long compressed = 0;
            for (var i = 0; i < count; i++)
            {
                var bytes = Gzip(Report(i));
                compressed += bytes.Length;
                File.WriteAllBytes(Path.Combine(folder.FullName, $"{i:D7}.json.gz"), bytes);
            }

            GC.Collect();
            GC.WaitForPendingFinalizers();
            var baseline = GC.GetTotalMemory(forceFullCollection: true);
            long peakHeap = 0;
            var summary = new ReportSummary();
            var process = Process.GetCurrentProcess();
            var cpuBefore = process.TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            var n = 0;
            foreach (var file in Directory.EnumerateFiles(folder.FullName))
            {
                using var stream = File.OpenRead(file);
                foreach (var result in TlsReportReader.Read(stream, file))
                {
                    summary.Add(result);
                }

                if (++n % 100 == 0)
                {
                    peakHeap = Math.Max(peakHeap, GC.GetTotalMemory(forceFullCollection: false));
                }
            }

            var domains = summary.Domains;
            clock.Stop();
            process.Refresh();
            var cpu = process.TotalProcessorTime - cpuBefore;
            var retained = GC.GetTotalMemory(forceFullCollection: true) - baseline;
            GC.KeepAlive(summary);
            var sessions = domains.Sum(d => d.SuccessfulSessions + d.FailedSessions);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
                reports read:             {summary.Reports:N0} ({summary.Rejected} refused, {summary.Duplicates} duplicates), {compressed / (double)count:N0} bytes gzip each on average
                policy domains, days:     {domains.Count}, {domains.Sum(d => d.Days.Count)}; sessions {sessions:N0}
                time:                     {clock.Elapsed.TotalSeconds:N2} s
                reports per second:       {summary.Reports / clock.Elapsed.TotalSeconds:N0} by the clock; {summary.Reports / cpu.TotalSeconds:N0} per CPU-second ({cpu.TotalSeconds:N2} s CPU, all threads)
                machine load (1 min):     {File.ReadAllText("/proc/loadavg").Split(' ')[0]} on {Environment.ProcessorCount} cores
                peak managed heap:        {peakHeap / 1048576.0:N1} MiB (sampled every 100 files, garbage included)
                retained by the summary:  {retained / 1024.0:N0} KiB after a full GC
                peak working set:         {Environment.WorkingSet / 1048576.0:N1} MiB now, {process.PeakWorkingSet64 / 1048576.0:N1} MiB peak
                """));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>A report shaped like the ones large reporters send: one or two policies, a few failure groups.</summary>
    private static string Report(int i)
    {
        var organization = Reporters[i % Reporters.Length];
        var day = new DateOnly(2026, 10, 1).AddDays(i / 20 % 30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var domain = $"domain{i % 20}.example";
        var failures = new StringBuilder();
        var failed = 0;
        for (var f = 0; f < i % 4; f++)
        {
            var sessions = 1 + (i + f) % 7;
            failed += sessions;
            failures.Append(f == 0 ? "" : ",").Append(CultureInfo.InvariantCulture, $$"""
                {"result-type":"{{ResultTypes[(i + f) % ResultTypes.Length]}}","sending-mta-ip":"198.51.100.{{(i + f) % 250}}","receiving-mx-hostname":"mx{{f % 3}}.{{domain}}","receiving-ip":"203.0.113.{{f}}","failed-session-count":{{sessions}}}
                """);
        }

        return string.Create(CultureInfo.InvariantCulture, $$"""
            {"organization-name":"{{organization}}","date-range":{"start-datetime":"{{day}}T00:00:00Z","end-datetime":"{{day}}T23:59:59Z"},
             "contact-info":"smtp-tls-reporting@reporter{{i % Reporters.Length}}.example","report-id":"{{day}}_{{domain}}_{{i}}",
             "policies":[{"policy":{"policy-type":"sts","policy-string":["version: STSv1","mode: {{(i % 3 == 0 ? "enforce" : "testing")}}","mx: mx0.{{domain}}","mx: *.mx.{{domain}}","max_age: 604800"],"policy-domain":"{{domain}}","mx-host":["mx0.{{domain}}","*.mx.{{domain}}"]},
               "summary":{"total-successful-session-count":{{100 + i % 900}},"total-failure-session-count":{{failed}}},
               "failure-details":[{{failures}}]}]}
            """);
    }

    private static byte[] Gzip(string json)
    {
        var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes(json));
        }

        return output.ToArray();
    }
}
