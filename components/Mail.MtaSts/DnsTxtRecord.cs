namespace Mail.MtaSts;

/// <summary>A TXT record to publish: full owner name, record text and TTL in seconds.</summary>
/// <param name="Name">The owner name, e.g. <c>_mta-sts.example.com</c>.</param>
/// <param name="Value">The record text as one string.</param>
/// <param name="Ttl">Time to live in seconds.</param>
public sealed record DnsTxtRecord(string Name, string Value, int Ttl)
{
    private const int MaxStringLength = 255;

    /// <summary>
    /// The text split into the character-strings of at most 255 octets that a TXT record is made of
    /// (RFC 1035 §3.3.14); resolvers join them again, as RFC 8461 §3.1 and RFC 8460 §3 expect.
    /// </summary>
    public IReadOnlyList<string> Strings => Value.Chunk(MaxStringLength).Select(c => new string(c)).ToArray();
}
