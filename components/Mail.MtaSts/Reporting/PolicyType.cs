namespace Mail.MtaSts.Reporting;

/// <summary>The kind of policy a sender applied, the <c>policy-type</c> of RFC 8460 §4.4.</summary>
public enum PolicyType
{
    /// <summary><c>sts</c>: an MTA-STS policy (RFC 8461).</summary>
    Sts,

    /// <summary><c>tlsa</c>: a DANE TLSA policy (RFC 7672).</summary>
    Tlsa,

    /// <summary><c>no-policy-found</c>: neither policy applied; sessions were opportunistic TLS.</summary>
    NoPolicyFound,
}

/// <summary>The RFC 8460 §4.4 names of <see cref="PolicyType"/> values.</summary>
public static class PolicyTypeNames
{
    /// <summary>The RFC name of <paramref name="type"/>: <c>sts</c>, <c>tlsa</c> or <c>no-policy-found</c>.</summary>
    public static string ToRfcName(this PolicyType type) => type switch
    {
        PolicyType.Sts => "sts",
        PolicyType.Tlsa => "tlsa",
        _ => "no-policy-found",
    };

    /// <summary>The policy type named <paramref name="name"/> (ASCII case-insensitive), or null when it is none of the three.</summary>
    internal static PolicyType? Parse(string name) => name.ToLowerInvariant() switch
    {
        "sts" => PolicyType.Sts,
        "tlsa" => PolicyType.Tlsa,
        "no-policy-found" => PolicyType.NoPolicyFound,
        _ => null,
    };
}
