namespace Mail.MtaSts.Cli.Tests.Reports;

/// <summary>Runs <c>mta-sts ...</c> in-process through the real entry point, capturing standard output and error.</summary>
internal static class Cli
{
    public static (int Exit, string Out, string Err) Run(params string[] args) => CliRun.RunAsync(args).GetAwaiter().GetResult();
}
