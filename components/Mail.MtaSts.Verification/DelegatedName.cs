namespace Mail.MtaSts.Verification;

/// <summary>One of the owner's three names as found in DNS.</summary>
/// <param name="Expected">The CNAME the provider asks the owner to publish.</param>
/// <param name="State">What is there.</param>
/// <param name="Found">What was found, as text (the CNAME target, the TXT text or addresses, the lookup error); empty when missing.</param>
public sealed record DelegatedName(DnsCnameRecord Expected, DelegatedNameState State, string Found);
