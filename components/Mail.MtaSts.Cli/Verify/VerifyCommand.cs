using System.CommandLine;
using Mail.MtaSts.Verification;
using Spectre.Console;

namespace Mail.MtaSts.Cli.Verify;

/// <summary>
/// <c>mta-sts verify &lt;domain&gt;...</c>: checks live deployments as a sender sees them. Exit code 0 when nothing
/// failed, 1 when a check failed, 2 for a usage error (named on standard error).
/// </summary>
internal static class VerifyCommand
{
    /// <summary>Exit code when a check failed.</summary>
    internal const int Failed = 1;

    /// <summary>Exit code for a command line that cannot be run.</summary>
    internal const int Usage = 2;

    /// <summary>The width of piped text output: wider than any line a report writes.</summary>
    private const int MaxLine = 1 << 20;

    /// <summary>Domains at or above this count get a progress bar on a terminal.</summary>
    private const int ProgressThreshold = 5;

    /// <summary>The <c>verify</c> command, to be added to the root command.</summary>
    public static Command Create()
    {
        var domains = new Argument<string[]>("domain") { Description = "Mail domains to verify", Arity = ArgumentArity.ZeroOrMore };
        var file = new Option<string?>("--file") { Description = "A file with one domain per line ('#' starts a comment)" };
        var dnsServer = new Option<string?>("--dns-server") { Description = "IP[:PORT] of the DNS server for every lookup" };
        var caFile = new Option<string?>("--ca-file") { Description = "PEM file of extra trust roots (for private test deployments)" };
        var noSmtp = new Option<bool>("--no-smtp") { Description = "Do not connect to port 25 of the MX hosts" };
        var timeout = new Option<string>("--timeout") { Description = "Deadline per domain, e.g. 10s, 500ms, 2m (at most 1h)", DefaultValueFactory = _ => "10s" };
        var concurrency = new Option<string>("--concurrency") { Description = "Domains verified at once (at least 1)", DefaultValueFactory = _ => "64" };
        var expectPolicy = new Option<string?>("--expect-policy") { Description = "The policy file the domains should serve, byte for byte" };
        var json = new Option<bool>("--json") { Description = "Write the reports as JSON (schema mta-sts-verify/1)" };

        var command = new Command("verify", "Check MTA-STS and TLS-RPT deployments as a sending MTA sees them")
        {
            domains, file, dnsServer, caFile, noSmtp, timeout, concurrency, expectPolicy, json,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var output = result.InvocationConfiguration.Output;
            var error = result.InvocationConfiguration.Error;
            VerifyInput input;
            try
            {
                input = VerifyInput.Read(
                    result.GetValue(domains) ?? [], result.GetValue(file), result.GetValue(dnsServer), result.GetValue(caFile),
                    result.GetValue(noSmtp), result.GetValue(timeout)!, result.GetValue(concurrency)!, result.GetValue(expectPolicy),
                    result.GetValue(json));
            }
            catch (UsageException e)
            {
                await error.WriteLineAsync("mta-sts verify: " + e.Message);
                return Usage;
            }

            Verifier verifier;
            try
            {
                verifier = new Verifier(input.Options);
            }
            catch (MtaStsException e)
            {
                // No DNS server on this machine and none given: said once, not as a failed lookup in every check.
                await error.WriteLineAsync("mta-sts verify: " + string.Join("; ", e.Diagnostics.Select(d => d.Rule)));
                return Usage;
            }

            return await RunAsync(verifier, input, output, cancellationToken);
        });
        return command;
    }

    private static async Task<int> RunAsync(Verifier verifier, VerifyInput input, TextWriter output, CancellationToken cancellationToken)
    {
        var console = Terminal.For(output);
        if (!console.Profile.Capabilities.Interactive)
        {
            // Piped, a check is one line however long (grep, logs); the shared 240 columns would still wrap a long
            // message. The longest line is bounded: messages quote at most a DNS answer of 64 KiB.
            console.Profile.Width = MaxLine;
        }

        var reports = new List<VerificationReport>();
        var interactive = !input.Json && console.Profile.Capabilities.Interactive && input.Domains.Count >= ProgressThreshold;
        if (interactive)
        {
            await console.Progress().StartAsync(async context =>
            {
                var task = context.AddTask("verifying", maxValue: input.Domains.Count);
                await foreach (var report in verifier.VerifyAllAsync(input.Domains, cancellationToken))
                {
                    reports.Add(report);
                    task.Increment(1);
                }
            });
        }
        else
        {
            await foreach (var report in verifier.VerifyAllAsync(input.Domains, cancellationToken))
            {
                reports.Add(report);
            }
        }

        // Reports arrive as they finish; print them in the order the domains were given.
        var order = input.Domains.Select((d, i) => (d, i)).ToDictionary(p => p.d, p => p.i);
        reports.Sort((a, b) => order[a.Domain].CompareTo(order[b.Domain]));
        if (input.Json)
        {
            await output.WriteLineAsync(VerificationJson.Serialize(reports));
        }
        else
        {
            TextReport.Write(console, reports);
        }

        return reports.Any(r => r.Failed) ? Failed : 0;
    }
}
