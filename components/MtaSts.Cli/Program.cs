using System.CommandLine;
using MtaSts.Cli.Reports;

// Minimal root until the lead's Program.cs lands on main; usage errors exit 2.
var root = new RootCommand("MTA-STS (RFC 8461) and SMTP TLS Reporting (RFC 8460).")
{
    ReportsCommand.Create(),
};
var parse = root.Parse(args);
if (parse.Errors.Count > 0)
{
    foreach (var error in parse.Errors)
    {
        Console.Error.WriteLine($"mta-sts: {error.Message}");
    }

    return 2;
}

return parse.Invoke();
