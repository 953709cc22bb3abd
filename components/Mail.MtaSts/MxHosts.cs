namespace Mail.MtaSts;

/// <summary>
/// The hosts a sender delivers a domain's mail to, from its MX records (RFC 5321 §5.1): each exchange once, in the
/// order given (lowest preference first), lower-case and without the trailing dot. A null MX, an exchange of "." (the
/// root), names no host (RFC 7505 §3): alone it says the domain accepts no mail; beside other MX records it is a
/// mistake of the domain's and is left out.
/// </summary>
public sealed class MxHosts
{
    private MxHosts(IReadOnlyList<string> names, bool isNullMx, bool hasMisplacedNullMx)
    {
        Names = names;
        IsNullMx = isNullMx;
        HasMisplacedNullMx = hasMisplacedNullMx;
    }

    /// <summary>The MX host names, e.g. <c>mx1.example.com</c>; empty for a domain without MX records or with a null MX.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>Whether the MX records are a null MX and nothing else: the domain accepts no mail (RFC 7505 §3).</summary>
    public bool IsNullMx { get; }

    /// <summary>Whether a null MX stands beside other MX records, which RFC 7505 §3 forbids; it is not among <see cref="Names"/>.</summary>
    public bool HasMisplacedNullMx { get; }

    /// <summary>The hosts of MX records whose exchanges are <paramref name="exchanges"/>, lowest preference first.</summary>
    /// <param name="exchanges">The exchange names as DNS gives them, with or without the trailing dot; "." or "" for a null MX.</param>
    public static MxHosts FromExchanges(IEnumerable<string> exchanges)
    {
        var all = exchanges.Select(HostSyntax.Comparable).ToList();
        var names = all.Where(name => name.Length > 0).Distinct().ToList();
        var nulls = all.Count - all.Count(name => name.Length > 0);
        return new MxHosts(names, nulls > 0 && names.Count == 0, nulls > 0 && names.Count > 0);
    }
}
