using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Mail.MtaSts.World.Tests.Reports;

/// <summary>Headless Chromium (Debian package <c>chromium</c>, installed by tests/world/install.sh) loading a page from disk.</summary>
internal static partial class Chromium
{
    private const string Binary = "/usr/bin/chromium";

    /// <summary>Loads <paramref name="page"/> and returns the exit code, the DOM after loading and what Chromium logged.</summary>
    public static (int Exit, string Dom, string Log) Browse(string page, string profile, params string[] extra)
    {
        Assert.True(File.Exists(Binary), $"{Binary} is missing: apt-get install -y chromium (tests/world/install.sh installs it)");
        var start = new ProcessStartInfo(Binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", $"--user-data-dir={profile}", "--enable-logging=stderr", "--window-size=1280,1000",
        }.Concat(extra).Append("--dump-dom").Append(new Uri(page).AbsoluteUri))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var dom = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromSeconds(120)))
        {
            process.Kill(entireProcessTree: true);
        }

        return (process.ExitCode, dom, error.Result);
    }

    /// <summary>
    /// Loads a copy of <paramref name="page"/> with <paramref name="script"/> run at the end of its body; the script returns
    /// an object of layout facts, which Chromium measured on the laid-out page, returned here as JSON.
    /// </summary>
    public static JsonElement Measure(string page, string profile, string script)
    {
        var copy = Path.Combine(Path.GetDirectoryName(page)!, "measured-" + Path.GetFileName(page));
        var html = File.ReadAllText(page);
        var end = html.LastIndexOf("</body>", StringComparison.Ordinal);
        File.WriteAllText(copy, html[..end] + $$"""
            <script id="measure">
            (() => {
              const facts = (() => { {{script}} })();
              const pre = document.createElement("pre");
              pre.id = "facts";
              pre.textContent = JSON.stringify(facts);
              document.body.append(pre);
            })();
            </script>
            """ + html[end..]);
        var (exit, dom, log) = Browse(copy, profile);
        Assert.True(exit == 0, $"chromium exited {exit}: {log}");
        var facts = Facts().Match(dom);
        Assert.True(facts.Success, $"the measuring script wrote nothing: {log}");
        using var json = JsonDocument.Parse(WebUtility.HtmlDecode(facts.Groups[1].Value));
        return json.RootElement.Clone();
    }

    [GeneratedRegex("<pre id=\"facts\">(.*?)</pre>", RegexOptions.Singleline)]
    private static partial Regex Facts();
}
