using Mail.MtaSts.Verification;

namespace Mail.MtaSts.Components;

/// <summary>
/// <see cref="IMxLookup"/> through the verifier's <see cref="MxLookup"/>: the DNS server of <see cref="VerificationArgs"/>
/// (or the system's resolvers), no cache, so the enforce guard sees the MX hosts the verification will see.
/// </summary>
internal sealed class DnsMxLookup(MxLookup lookup) : IMxLookup
{
    public Task<MxHosts> LookupAsync(DomainName domain, CancellationToken cancellationToken = default) =>
        lookup.LookupAsync(domain, cancellationToken);
}
