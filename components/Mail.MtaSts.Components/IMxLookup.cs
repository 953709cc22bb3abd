namespace Mail.MtaSts.Components;

/// <summary>Looks up a domain's live MX hosts, as a sending MTA would (RFC 5321 §5.1); replaced in tests.</summary>
internal interface IMxLookup
{
    /// <summary>The MX hosts of <paramref name="domain"/>; throws <see cref="MtaStsException"/> when the lookup fails.</summary>
    Task<MxHosts> LookupAsync(DomainName domain, CancellationToken cancellationToken = default);
}
