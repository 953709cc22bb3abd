namespace Mail.MtaSts;

/// <summary>
/// A mail domain, normalised: A-labels (IDNA), lower case, no trailing dot, lengths checked
/// (RFC 5321 §4.1.2, RFC 1035 §2.3.4).
/// </summary>
public sealed record DomainName
{
    private DomainName(string value) => Value = value;

    /// <summary>The normalised name, e.g. <c>xn--bcher-kva.example</c>.</summary>
    public string Value { get; }

    /// <summary>Normalises <paramref name="value"/>, or throws an <see cref="MtaStsException"/> naming the rule.</summary>
    /// <param name="value">A domain as a user writes it; U-labels and a trailing dot are accepted.</param>
    /// <param name="field">The field name to report in errors.</param>
    public static DomainName Parse(string value, string field = "domain") => TryParse(value, field).GetValueOrThrow();

    /// <summary>Normalises <paramref name="value"/>; never throws.</summary>
    /// <param name="value">A domain as a user writes it; U-labels and a trailing dot are accepted.</param>
    /// <param name="field">The field name to report in errors.</param>
    public static ParseResult<DomainName> TryParse(string? value, string field = "domain")
    {
        var text = (value ?? "").Trim();
        // Slips the label rules would only call bad labels: say what was given and what to give instead.
        var (normalized, broken) = text.Contains("://", StringComparison.Ordinal)
            ? (null, "is a URL; give the mail domain alone, without scheme, port or path")
            : text.LastIndexOf('@') is var at and >= 0
                ? (null, $"is an email address; give its mail domain, the part after @ (\"{text[(at + 1)..]}\")")
                : HostSyntax.Normalize(text, convertUnicode: true);
        return normalized is null
            ? ParseResult<DomainName>.Failure(new Diagnostic(Severity.Error, field, value ?? "", broken!, "RFC 5321 §4.1.2"))
            : ParseResult<DomainName>.Success(new DomainName(normalized));
    }

    /// <summary>The normalised name.</summary>
    public override string ToString() => Value;
}
