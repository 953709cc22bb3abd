namespace Mail.MtaSts;

/// <summary>
/// What a sender saw when it fetched <c>https://mta-sts.&lt;domain&gt;/.well-known/mta-sts.txt</c>; the facts the
/// verifier gathers. <see cref="Evaluate"/> applies the fetch rules of RFC 8461 §3.3 and §3.2 and then parses the body.
/// </summary>
/// <param name="StatusCode">The HTTP status; redirects are not followed, so a 3xx is reported as is.</param>
/// <param name="ContentType">The Content-Type header, or <see langword="null"/> when absent.</param>
/// <param name="Body">The body bytes read, at most <see cref="Policy.MaxSize"/> + 1.</param>
/// <param name="TlsError">Why the HTTPS connection was not trusted (certificate name, chain, expiry, TLS version), if it was not.</param>
public sealed record PolicyResponse(int StatusCode, string? ContentType, byte[] Body, string? TlsError = null)
{
    /// <summary>Whether a sender would accept this response, with the policy and every diagnostic.</summary>
    public ParseResult<Policy> Evaluate()
    {
        var errors = new List<Diagnostic>();
        if (TlsError is not null)
        {
            // RFC 8461 §3.3: the certificate must be valid for mta-sts.<domain> and chain to a trusted root (§7.1, §7.2).
            errors.Add(new Diagnostic(Severity.Error, "certificate", TlsError,
                "the policy host's certificate must be valid for mta-sts.<domain> and trusted", "RFC 8461 §3.3"));
        }

        if (StatusCode != 200)
        {
            // RFC 8461 §3.3: "only the HTTP response code 200 OK is valid"; redirects must not be followed.
            errors.Add(new Diagnostic(Severity.Error, "status", StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "only status 200 is a valid policy response; redirects are not followed", "RFC 8461 §3.3"));
        }

        var mediaType = ContentType?.Split(';')[0].Trim();
        if (!string.Equals(mediaType, Policy.MediaType, StringComparison.OrdinalIgnoreCase))
        {
            errors.Add(new Diagnostic(Severity.Error, "Content-Type", ContentType ?? "(none)",
                "the policy must be served as text/plain", "RFC 8461 §3.2"));
        }

        var charset = ContentType?.Split(';').Skip(1).Select(p => p.Trim())
            .FirstOrDefault(p => p.StartsWith("charset=", StringComparison.OrdinalIgnoreCase))?["charset=".Length..].Trim('"');
        var warnings = new List<Diagnostic>();
        if (charset is not null && !charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) &&
            !charset.Equals("us-ascii", StringComparison.OrdinalIgnoreCase))
        {
            warnings.Add(new Diagnostic(Severity.Warning, "Content-Type", ContentType!,
                "the policy is ASCII/UTF-8 text; declare charset=utf-8 or none", "RFC 8461 §3.2"));
        }

        var parsed = Policy.Parse(Body);
        return new ParseResult<Policy>(parsed.Value, [.. errors, .. warnings, .. parsed.Diagnostics]);
    }
}
