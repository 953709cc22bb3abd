using System.Diagnostics;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Mail.MtaSts.Verification;

namespace Mail.MtaSts.World.Tests;

/// <summary>
/// The local world of real servers (tests/world: knot, nginx, workerd, Postfix MX, postfix-mta-sts-resolver and a
/// sending Postfix) as seen from inside its network namespace. <c>./build.sh test</c> brings it up and runs this
/// project as <c>ip netns exec $MTASTS_NS env MTASTS_WORLD=... dotnet test</c>. Without <c>MTASTS_WORLD</c> the
/// end-to-end tests fail with a message saying how to run them: they never pass, nor skip, without having run.
/// </summary>
internal static class TestWorld
{
    /// <summary>The run directory of the world, or a failed assertion explaining how to bring it up.</summary>
    internal static string Directory
    {
        get
        {
            var run = System.Environment.GetEnvironmentVariable("MTASTS_WORLD");
            Assert.False(string.IsNullOrEmpty(run),
                "MTASTS_WORLD is not set: these end-to-end tests need the local test world. Run ./build.sh test, or "
                + "sudo tests/world/up.sh and then: sudo ip netns exec mtasts env MTASTS_WORLD=/run/mtasts-world/mtasts dotnet test tests/Mail.MtaSts.World.Tests");
            Assert.True(File.Exists(System.IO.Path.Combine(run, "world.env")), $"MTASTS_WORLD={run} has no world.env: is the world up?");
            return run!;
        }
    }

    /// <summary>A file of one case, e.g. <c>expected-verdict.txt</c>, trimmed; <c>null</c> when the case has none.</summary>
    internal static string? CaseFile(string name, string file)
    {
        var path = System.IO.Path.Combine(Directory, "cases", name, file);
        return File.Exists(path) ? File.ReadAllText(path).Trim() : null;
    }

    /// <summary>The bytes of a case's file.</summary>
    internal static byte[] CaseBytes(string name, string file) => File.ReadAllBytes(System.IO.Path.Combine(Directory, "cases", name, file));

    /// <summary>Verifier options for the world: its DNS server, its CA as the only extra root.</summary>
    internal static VerificationOptions Options()
    {
        var env = Environment();
        var options = new VerificationOptions { DnsServer = IPEndPoint.Parse(env["DNS"]), Timeout = TimeSpan.FromSeconds(10) };
        options.TrustRoots.Add(X509CertificateLoader.LoadCertificateFromFile(env["CA"]));
        return options;
    }

    /// <summary>Runs one of the world's helper scripts (query.sh, send.sh) and returns its one-line answer.</summary>
    internal static async Task<string> RunAsync(string script, string argument)
    {
        var start = new ProcessStartInfo(System.IO.Path.Combine(Scripts, script), argument)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["MTASTS_WORLD"] = Directory;
        start.Environment["MTASTS_NS"] = Environment()["MTASTS_NS"];
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"{script} {argument} exited {process.ExitCode}: {await error}");
        return (await output).Trim();
    }

    /// <summary>The world's addresses and names from its <c>world.env</c>.</summary>
    internal static Dictionary<string, string> Environment() =>
        File.ReadAllLines(System.IO.Path.Combine(Directory, "world.env"))
            .Where(l => l.Contains('=') && !l.StartsWith('#'))
            .Select(l => l.Split('=', 2))
            .ToDictionary(p => p[0], p => p[1]);

    /// <summary>tests/world of this checkout, found upwards from the test binaries.</summary>
    internal static string Scripts
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var candidate = System.IO.Path.Combine(dir.FullName, "tests", "world");
                if (File.Exists(System.IO.Path.Combine(candidate, "query.sh")))
                {
                    return candidate;
                }
            }

            throw new InvalidOperationException("tests/world/query.sh not found above " + AppContext.BaseDirectory);
        }
    }
}
