using System.Diagnostics;
using System.Globalization;

namespace Mail.MtaSts.Benchmarks;

/// <summary>
/// The CPU time (user + system, from <c>/proc/PID/stat</c>) each party of the verify bench spent since the last
/// reading: this process (and, of that, its tiered-compilation thread: the JIT), the bench's nginx (master and workers),
/// knotd and mta-sts-daemon. Per domain, it shows what each client costs and what the servers sharing the machine's
/// cores cost, which wall-clock rates alone hide.
/// </summary>
internal sealed class CpuTime(int nginxMaster)
{
    private const double TicksPerSecond = 100; // USER_HZ on Linux

    private Dictionary<string, double> last = Read(nginxMaster);

    /// <summary>Milliseconds of CPU per domain each party used since the last call, keyed by party.</summary>
    internal Dictionary<string, double> PerDomain(int domains)
    {
        var now = Read(nginxMaster);
        var used = now.ToDictionary(p => p.Key, p => (p.Value - last.GetValueOrDefault(p.Key)) * 1000 / domains);
        last = now;
        return used;
    }

    /// <summary>"cpu ms/domain: bench 1.20, of which jit thread 0.30, nginx 0.40, ...".</summary>
    internal static string Format(Dictionary<string, double> used) =>
        "cpu ms/domain: " + string.Join(", ", used.Select(p => $"{p.Key} {p.Value:0.00}"));

    private static Dictionary<string, double> Read(int nginxMaster)
    {
        var seconds = new Dictionary<string, double>
        {
            ["bench"] = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds,
            ["of which jit thread"] = 0,
            ["nginx"] = 0,
            ["knotd"] = 0,
            ["mta-sts-daemon"] = 0,
        };
        // The runtime's background thread that recompiles hot methods (tier 0, instrumented, tier 1): a warm-up cost
        // that a run of N domains pays once, whatever N is.
        foreach (var thread in Directory.EnumerateDirectories("/proc/self/task"))
        {
            if (Stat(thread) is { Comm: ".NET Tiered Com" } jit)
            {
                seconds["of which jit thread"] += jit.Seconds;
            }
        }

        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), CultureInfo.InvariantCulture, out var pid) || Stat(dir) is not { } stat)
            {
                continue;
            }

            var key = stat.Comm switch
            {
                "nginx" when pid == nginxMaster || stat.Parent == nginxMaster => "nginx",
                "knotd" or "mta-sts-daemon" => stat.Comm,
                _ => null,
            };
            if (key is not null)
            {
                seconds[key] += stat.Seconds;
            }
        }

        return seconds;
    }

    /// <summary>The name, parent and CPU seconds (user + system) of a process or thread, or <c>null</c> when it has ended.</summary>
    private static (string Comm, int Parent, double Seconds)? Stat(string dir)
    {
        string stat;
        try
        {
            stat = File.ReadAllText(Path.Combine(dir, "stat"));
        }
        catch (IOException)
        {
            return null; // the process ended while being read
        }

        // "pid (comm) state ppid ... utime stime ...": fields 14 and 15 (proc(5)), counted after the ")".
        var comm = stat[(stat.IndexOf('(', StringComparison.Ordinal) + 1)..stat.LastIndexOf(')')];
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = double.Parse(fields[11], CultureInfo.InvariantCulture) + double.Parse(fields[12], CultureInfo.InvariantCulture);
        return (comm, int.Parse(fields[1], CultureInfo.InvariantCulture), ticks / TicksPerSecond);
    }
}
