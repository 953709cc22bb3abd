using Spectre.Console;

namespace Mail.MtaSts.Cli;

/// <summary>A Spectre console over a writer: colours only when the writer is the real, interactive standard output.</summary>
internal static class Terminal
{
    public static IAnsiConsole For(TextWriter writer)
    {
        var interactive = ReferenceEquals(writer, Console.Out) && !Console.IsOutputRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = interactive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = interactive ? InteractionSupport.Detect : InteractionSupport.No,
        });
        if (!interactive)
        {
            // Piped output is read by programs and logs: never wrap lines at a guessed terminal width.
            console.Profile.Width = 240;
        }

        return console;
    }
}
