namespace Mail.MtaSts.Components;

/// <summary>Looks up a domain's live MX records, as a sending MTA would (RFC 5321 §5.1).</summary>
internal interface IMxLookup
{
    /// <summary>The exchange names of the domain's MX records, without trailing dots; empty when it has none.</summary>
    Task<IReadOnlyList<string>> ExchangesAsync(DomainName domain, CancellationToken cancellationToken = default);
}
