namespace Mail.MtaSts;

/// <summary>The <c>mode</c> of a policy (RFC 8461 §3.2, §5).</summary>
public enum PolicyMode
{
    /// <summary><c>enforce</c>: senders refuse to deliver to an MX that fails validation (RFC 8461 §5).</summary>
    Enforce,

    /// <summary><c>testing</c>: senders deliver anyway and report failures by TLS-RPT (RFC 8461 §5).</summary>
    Testing,

    /// <summary><c>none</c>: the domain has no active policy; used to retire MTA-STS (RFC 8461 §8.3).</summary>
    None,
}

/// <summary>The wire names of <see cref="PolicyMode"/>.</summary>
public static class PolicyModes
{
    /// <summary>The value as written in a policy: <c>enforce</c>, <c>testing</c> or <c>none</c>.</summary>
    public static string ToWire(this PolicyMode mode) => mode switch
    {
        PolicyMode.Enforce => "enforce",
        PolicyMode.Testing => "testing",
        PolicyMode.None => "none",
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "not a policy mode"),
    };

    /// <summary>Reads a mode; case-sensitive, as the ABNF's <c>%s</c> strings are (RFC 8461 §3.2).</summary>
    public static PolicyMode? FromWire(string value) => value switch
    {
        "enforce" => PolicyMode.Enforce,
        "testing" => PolicyMode.Testing,
        "none" => PolicyMode.None,
        _ => null,
    };
}
