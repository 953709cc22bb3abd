namespace Mail.MtaSts;

/// <summary>
/// One problem or warning found in an input: which field, what value was seen, which rule it breaks and the
/// section of the RFC that states the rule.
/// </summary>
/// <param name="Severity">Whether the input is rejected (<see cref="Severity.Error"/>) or only questionable.</param>
/// <param name="Field">The field, key or argument the value was read from, e.g. <c>mx</c> or <c>id</c>.</param>
/// <param name="Value">The offending value as it was given.</param>
/// <param name="Rule">The rule in plain words.</param>
/// <param name="Section">Where the rule is stated, e.g. <c>RFC 8461 §3.2</c>.</param>
/// <param name="Line">The 1-based line in a policy body, when the input has lines.</param>
public sealed record Diagnostic(Severity Severity, string Field, string Value, string Rule, string Section, int? Line = null)
{
    /// <summary>A one-line description naming field, value, rule and section.</summary>
    public override string ToString()
    {
        var where = Line is { } line ? $"line {line}: " : "";
        var level = Severity == Severity.Warning ? "warning: " : "";
        return $"{level}{where}{Field} \"{Printable(Value)}\": {Rule} ({Section})";
    }

    private static string Printable(string value)
    {
        const int limit = 80;
        var shown = value.Length > limit ? value[..limit] + "…" : value;
        return shown.Replace("\r", "\\r").Replace("\n", "\\n").Replace("\t", "\\t").Replace("\uFEFF", "\\uFEFF");
    }
}
