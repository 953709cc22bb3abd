namespace Mail.MtaSts.Cli.Tests;

/// <summary>Runs the real command line in process and captures what it prints.</summary>
internal static class CliRun
{
    public static async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await MtaStsCli.RunAsync(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }
}
