namespace Mail.MtaSts;

/// <summary>
/// One <c>mx</c> value of a policy (RFC 8461 §3.2): a host name, or <c>*.</c> followed by a host name where the
/// wildcard stands for exactly one left-most label (RFC 8461 §4.1).
/// </summary>
public sealed record MxPattern
{
    private const string Section = "RFC 8461 §3.2";

    private MxPattern(string value) => Value = value;

    /// <summary>The pattern as written in the policy, lower-case A-labels, e.g. <c>*.mail.example.com</c>.</summary>
    public string Value { get; }

    /// <summary>Whether the pattern starts with the one-label wildcard <c>*.</c>.</summary>
    public bool IsWildcard => Value.StartsWith("*.", StringComparison.Ordinal);

    /// <summary>
    /// Whether <paramref name="host"/> (an MX host name) is covered: equal ignoring case and a trailing dot, or for a
    /// wildcard, the host minus its left-most label equals the suffix (RFC 8461 §4.1: "*.example.com" matches
    /// "mx1.example.com" but not "example.com" nor "a.b.example.com").
    /// </summary>
    public bool Matches(string host)
    {
        var name = HostSyntax.Comparable(host);
        if (!IsWildcard)
        {
            return name == Value;
        }

        var dot = name.IndexOf('.');
        return dot > 0 && name[(dot + 1)..] == Value[2..];
    }

    /// <summary>Parses a pattern as a sender reads it from a policy: A-labels only (RFC 8461 §3.2).</summary>
    public static ParseResult<MxPattern> Parse(string value) => Create(value, convertUnicode: false);

    /// <summary>
    /// Builds a pattern from a host name a user wrote (U-labels are converted to A-labels), or throws an
    /// <see cref="MtaStsException"/> naming the rule.
    /// </summary>
    public static MxPattern FromHost(string value) => Create(value.Trim(), convertUnicode: true).GetValueOrThrow();

    internal static ParseResult<MxPattern> Create(string value, bool convertUnicode)
    {
        // RFC 8461 §3.2: sts-policy-mx-value = ["*."] Domain; §4.1: the wildcard is a whole left-most label.
        var wildcard = value.StartsWith("*.", StringComparison.Ordinal);
        var host = wildcard ? value[2..] : value;
        if (host.Contains('*'))
        {
            return Fail(value, "a wildcard is allowed only as the whole left-most label \"*.\", once", "RFC 8461 §3.2, §4.1");
        }

        if (convertUnicode && host.EndsWith('.'))
        {
            // A name a user copied from `dig MX` output is absolute; the pattern is written without the dot.
            host = host[..^1];
        }
        else if (host.EndsWith('.'))
        {
            return Fail(value, "an mx pattern must not end with a dot");
        }

        var (normalized, broken) = HostSyntax.Normalize(host, convertUnicode);
        return normalized is null
            ? Fail(value, broken!)
            : ParseResult<MxPattern>.Success(new MxPattern(wildcard ? "*." + normalized : normalized));
    }

    private static ParseResult<MxPattern> Fail(string value, string rule, string section = Section) =>
        ParseResult<MxPattern>.Failure(new Diagnostic(Severity.Error, "mx", value, rule, section));

    /// <summary>The pattern as written in the policy.</summary>
    public override string ToString() => Value;
}
