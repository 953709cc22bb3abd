namespace Mail.MtaSts.Verification;

/// <summary>What an owner's DNS holds at one of the three delegated names (RFC 8461 §8.2, RFC 8460 §3).</summary>
public enum DelegatedNameState
{
    /// <summary>The CNAME the provider asks for is published.</summary>
    Published,

    /// <summary>Nothing is published at the name yet: the owner has not delegated it.</summary>
    Missing,

    /// <summary>A CNAME to another target (another provider, or an old one).</summary>
    OtherTarget,

    /// <summary>
    /// Other data at the name (a TXT record, an address): a CNAME cannot be added beside it (RFC 1034 §3.6.2).
    /// </summary>
    OtherData,

    /// <summary>The lookup failed (timeout, SERVFAIL): the state is unknown.</summary>
    LookupFailed,
}
