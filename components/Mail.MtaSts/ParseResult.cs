namespace Mail.MtaSts;

/// <summary>
/// The outcome of parsing or validating an input: the value when one could be built, and every
/// <see cref="Diagnostic"/> found on the way. Parsers return this and never throw on bad input.
/// </summary>
/// <typeparam name="T">The parsed type.</typeparam>
public sealed class ParseResult<T>
    where T : class
{
    internal ParseResult(T? value, IReadOnlyList<Diagnostic> diagnostics)
    {
        Diagnostics = diagnostics;
        Value = HasError(diagnostics) ? null : value;
    }

    /// <summary>The parsed value; <see langword="null"/> when any error was found.</summary>
    public T? Value { get; }

    /// <summary>Every error and warning, in input order.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; }

    /// <summary>The errors: why the input is rejected.</summary>
    public IEnumerable<Diagnostic> Errors => Diagnostics.Where(d => d.Severity == Severity.Error);

    /// <summary>The warnings: accepted, but worth a look.</summary>
    public IEnumerable<Diagnostic> Warnings => Diagnostics.Where(d => d.Severity == Severity.Warning);

    /// <summary>Whether a value was built with no error.</summary>
    public bool IsValid => Value is not null;

    /// <summary>The value, or an <see cref="MtaStsException"/> listing every error.</summary>
    public T GetValueOrThrow() => Value ?? throw new MtaStsException(Errors.ToList());

    private static bool HasError(IReadOnlyList<Diagnostic> diagnostics)
    {
        for (var i = 0; i < diagnostics.Count; i++)
        {
            if (diagnostics[i].Severity == Severity.Error)
            {
                return true;
            }
        }

        return false;
    }

    internal static ParseResult<T> Success(T value, IReadOnlyList<Diagnostic>? warnings = null) =>
        new(value, warnings ?? []);

    internal static ParseResult<T> Failure(IReadOnlyList<Diagnostic> diagnostics) => new(null, diagnostics);

    internal static ParseResult<T> Failure(Diagnostic error) => new(null, [error]);
}
