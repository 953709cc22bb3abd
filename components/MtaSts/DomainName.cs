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
        var (normalized, broken) = HostSyntax.Normalize((value ?? "").Trim(), convertUnicode: true);
        return normalized is null
            ? ParseResult<DomainName>.Failure(new Diagnostic(Severity.Error, field, value ?? "", broken!, "RFC 5321 §4.1.2"))
            : ParseResult<DomainName>.Success(new DomainName(normalized));
    }

    /// <summary>The normalised name.</summary>
    public override string ToString() => Value;
}
