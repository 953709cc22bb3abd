using System.Globalization;

namespace Mail.MtaSts;

/// <summary>The diagnostics for policy rules that more than one place applies (model, parser, settings).</summary>
internal static class PolicyRules
{
    public const string Section = "RFC 8461 §3.2";

    public static Diagnostic MaxAgeRange(string value, int? line = null) => new(
        Severity.Error, "max_age", value,
        $"max_age is a whole number of seconds from 0 to {Policy.MaxMaxAge.ToString(CultureInfo.InvariantCulture)} (1*10DIGIT)",
        Section, line);

    public static Diagnostic MxRequired(PolicyMode mode) => new(
        Severity.Error, "mx", "", $"mode {mode.ToWire()} needs at least one mx line (only mode none may have none)", Section);

    /// <summary>
    /// The model's rules on a policy's fields (RFC 8461 §3.2): max_age in range and mx lines unless mode none.
    /// Null when both hold, so the common case allocates nothing.
    /// </summary>
    public static List<Diagnostic>? Check(PolicyMode mode, long maxAge, int mxCount)
    {
        List<Diagnostic>? errors = null;
        if (maxAge is < 0 or > Policy.MaxMaxAge)
        {
            (errors ??= []).Add(MaxAgeRange(maxAge.ToString(CultureInfo.InvariantCulture)));
        }

        if (mxCount == 0 && mode != PolicyMode.None)
        {
            (errors ??= []).Add(MxRequired(mode));
        }

        return errors;
    }

    /// <summary>Advice on <c>max_age</c>: RFC 8461 §3.2 expects weeks or more in normal operation.</summary>
    public static Diagnostic? MaxAgeAdvice(long maxAge, PolicyMode mode, int? line = null) =>
        maxAge < 86_400 && mode != PolicyMode.None
            ? new Diagnostic(Severity.Warning, "max_age", maxAge.ToString(CultureInfo.InvariantCulture),
                "under one day: senders re-fetch constantly and a downgrade attack at refresh time is easier; " +
                "RFC 8461 expects weeks or more (604800 is one week)", Section, line)
            : null;
}
