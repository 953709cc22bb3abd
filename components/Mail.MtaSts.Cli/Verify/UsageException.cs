namespace Mail.MtaSts.Cli.Verify;

/// <summary>A command line that cannot be run; the message names the argument, its value and what was expected.</summary>
internal sealed class UsageException(string message) : Exception(message);
