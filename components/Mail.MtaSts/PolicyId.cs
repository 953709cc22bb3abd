using System.Security.Cryptography;

namespace Mail.MtaSts;

/// <summary>
/// The <c>id</c> of an <c>_mta-sts</c> TXT record (RFC 8461 §3.1): 1 to 32 letters and digits that change whenever
/// the policy changes, so senders know to fetch it again.
/// </summary>
/// <remarks>
/// This project derives the id from the exact bytes served: the first 128 bits of their SHA-256, as 32 lower-case
/// hexadecimal digits. The same policy always gets the same id (no churn from timestamps on every deploy) and any
/// change of a byte gives a new one (no forgotten manual bump), so the id changes if and only if the policy does.
/// </remarks>
public sealed record PolicyId
{
    private const string Section = "RFC 8461 §3.1";

    private PolicyId(string value) => Value = value;

    /// <summary>The id, e.g. <c>3f1c0e2a9b7d4c58a1e6f0b2c3d4e5f6</c>.</summary>
    public string Value { get; }

    /// <summary>The id of a policy whose served body is <paramref name="servedBytes"/>.</summary>
    public static PolicyId ForPolicy(ReadOnlySpan<byte> servedBytes)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(servedBytes, hash);
        return new PolicyId(Convert.ToHexString(hash[..16]).ToLowerInvariant());
    }

    /// <summary>Reads an id: <c>1*32(ALPHA / DIGIT)</c> (RFC 8461 §3.1).</summary>
    public static ParseResult<PolicyId> Parse(string value) =>
        value.Length is >= 1 and <= 32 && value.All(char.IsAsciiLetterOrDigit)
            ? ParseResult<PolicyId>.Success(new PolicyId(value))
            : ParseResult<PolicyId>.Failure(new Diagnostic(Severity.Error, "id", value,
                "the id is 1 to 32 letters and digits (no punctuation)", Section));

    /// <summary>The id.</summary>
    public override string ToString() => Value;
}
