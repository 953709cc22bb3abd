using System.CommandLine;
using MtaSts.Cli.Reports;

namespace MtaSts.Cli.Tests.Reports;

/// <summary>Runs <c>mta-sts reports ...</c> in-process, capturing standard output and error.</summary>
internal static class Cli
{
    public static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var root = new RootCommand { ReportsCommand.Create() };
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = root.Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }
}
