namespace Mail.MtaSts;

/// <summary>
/// Thrown when settings given to build a deployment break a rule. The message names every field, value, rule and
/// RFC section at once, so a user fixes all of them in one pass.
/// </summary>
public sealed class MtaStsException : ArgumentException
{
    /// <summary>Creates the exception from the errors found.</summary>
    /// <param name="diagnostics">The errors; at least one.</param>
    public MtaStsException(IReadOnlyList<Diagnostic> diagnostics)
        : base(Describe(diagnostics), diagnostics.Count > 0 ? diagnostics[0].Field : null)
    {
        Diagnostics = diagnostics;
    }

    /// <summary>Every error found.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; }

    /// <summary>The errors, one per line, without the parameter suffix <see cref="ArgumentException"/> would add.</summary>
    public override string Message => Describe(Diagnostics);

    private static string Describe(IReadOnlyList<Diagnostic> diagnostics) =>
        diagnostics.Count == 1
            ? $"Invalid MTA-STS settings: {diagnostics[0]}"
            : "Invalid MTA-STS settings:" + string.Concat(diagnostics.Select(d => $"{Environment.NewLine}  - {d}"));
}
