using System.CommandLine;
using System.CommandLine.Parsing;

namespace Mail.MtaSts.Cli;

/// <summary>
/// The <c>mta-sts</c> command line. Exit codes: 0 success, 1 the checked input is invalid or a check failed,
/// 2 usage error (the message names the argument).
/// </summary>
internal static class MtaStsCli
{
    /// <summary>Exit code for a usage error.</summary>
    public const int UsageError = 2;

    /// <summary>Parses <paramref name="args"/> and runs the command, writing to the given writers.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        var root = new RootCommand("MTA-STS (RFC 8461) and SMTP TLS Reporting (RFC 8460): plan, lint, verify, read reports.")
        {
            PlanCommand.Create(),
            LintCommand.Create(),
            Verify.VerifyCommand.Create(),
            Reports.ReportsCommand.Create(),
        };
        root.Options.OfType<VersionOption>().Single().Action = new VersionAction();
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var e in parsed.Errors)
            {
                await error.WriteLineAsync($"mta-sts: {e.Message}");
            }

            var command = string.Join(' ', Path(parsed.CommandResult).Prepend("mta-sts"));
            await error.WriteLineAsync($"Run '{command} --help' for usage.");
            return UsageError;
        }

        try
        {
            return await parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
        }
        catch (MtaStsException e)
        {
            // Settings that break an RFC rule are usage errors: the message names field, value, rule and section.
            await error.WriteLineAsync($"mta-sts: {e.Message}");
            return UsageError;
        }
    }

    /// <summary>The subcommand names from the root down to <paramref name="result"/>, e.g. <c>lint policy</c>.</summary>
    private static IEnumerable<string> Path(CommandResult result) =>
        result.Parent is CommandResult parent ? Path(parent).Append(result.Command.Name) : [];
}
