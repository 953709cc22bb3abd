namespace MtaSts;

/// <summary>TEMPORARY stand-in for the lead's core type (CORE-API.md); replaced when main is merged.</summary>
public enum Severity
{
    /// <summary>Error.</summary>
    Error,
    /// <summary>Warning.</summary>
    Warning,
}

/// <summary>TEMPORARY stand-in for the lead's core type (CORE-API.md); replaced when main is merged.</summary>
/// <param name="Severity">Severity.</param>
/// <param name="Field">Field.</param>
/// <param name="Value">Value.</param>
/// <param name="Rule">Rule.</param>
/// <param name="Section">Section.</param>
/// <param name="Line">Line.</param>
public sealed record Diagnostic(Severity Severity, string Field, string Value, string Rule, string Section, int? Line = null)
{
    /// <inheritdoc/>
    public override string ToString() =>
        $"{(Line is { } l ? $"line {l}: " : "")}{Field} \"{Value}\": {Rule} ({Section})";
}
