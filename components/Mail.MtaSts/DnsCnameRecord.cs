namespace Mail.MtaSts;

/// <summary>A CNAME record to publish: full owner name, the canonical name it points at, and TTL in seconds.</summary>
/// <param name="Name">The owner name, e.g. <c>_mta-sts.example.com</c>.</param>
/// <param name="Target">The name it is an alias for, e.g. <c>example-com._mta-sts.provider.example</c> (RFC 1034 §3.6.2).</param>
/// <param name="Ttl">Time to live in seconds.</param>
public sealed record DnsCnameRecord(string Name, string Target, int Ttl);
