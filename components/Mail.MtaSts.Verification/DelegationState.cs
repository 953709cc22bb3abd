using Mail.MtaSts.Hosted;

namespace Mail.MtaSts.Verification;

/// <summary>
/// The state of one domain's delegation to a provider (RFC 8461 §8.2, RFC 8460 §3): for each of the owner's three names,
/// whether the CNAME is published, missing, pointing elsewhere or blocked by other data. The provider verifies a domain
/// only once <see cref="IsPublished"/>; the owner's component refuses to publish over <see cref="Conflicts"/>.
/// </summary>
public sealed class DelegationState
{
    internal DelegationState(Delegation delegation, IReadOnlyList<DelegatedName> names)
    {
        Delegation = delegation;
        Names = names;
    }

    /// <summary>The delegation looked up.</summary>
    public Delegation Delegation { get; }

    /// <summary>The three names, in the order of <see cref="Delegation.Records"/>.</summary>
    public IReadOnlyList<DelegatedName> Names { get; }

    /// <summary>Whether all three CNAMEs point at the provider: only then can the domain's policy be verified.</summary>
    public bool IsPublished => Names.All(n => n.State == DelegatedNameState.Published);

    /// <summary>Whether none of the three names holds anything yet.</summary>
    public bool IsMissing => Names.All(n => n.State == DelegatedNameState.Missing);

    /// <summary>
    /// One line for a deployment log: "delegated", or "waiting for the owner's CNAMEs" naming each missing or wrong one.
    /// </summary>
    public string Summary => IsPublished
        ? $"{Delegation.Domain}: delegated (the three CNAMEs point at the provider)"
        : $"{Delegation.Domain}: waiting for the owner's CNAMEs: " + string.Join("; ", Names
            .Where(n => n.State != DelegatedNameState.Published)
            .Select(n => n.State switch
            {
                DelegatedNameState.Missing => $"{n.Expected.Name} is not published (CNAME {n.Expected.Target})",
                DelegatedNameState.OtherTarget => $"{n.Expected.Name} is a CNAME to {n.Found}, not {n.Expected.Target}",
                DelegatedNameState.OtherData => $"{n.Expected.Name} holds {n.Found} instead of CNAME {n.Expected.Target}",
                _ => $"{n.Expected.Name} could not be looked up: {n.Found}",
            }));

    /// <summary>
    /// Why the owner's CNAMEs cannot be published as they are: a name that holds other data (a CNAME cannot coexist with
    /// it, RFC 1034 §3.6.2; an old <c>_mta-sts</c> TXT beside the delegation would also make two policy records,
    /// RFC 8461 §3.1), or whose lookup failed. A CNAME to another target is not refused: publishing replaces it.
    /// </summary>
    public IReadOnlyList<Diagnostic> Conflicts() => ConflictsOf(Names);

    internal static IReadOnlyList<Diagnostic> ConflictsOf(IEnumerable<DelegatedName> names) =>
    [
        .. names.Where(n => n.State is DelegatedNameState.OtherData or DelegatedNameState.LookupFailed).Select(n =>
            n.State == DelegatedNameState.OtherData
                ? new Diagnostic(Severity.Error, n.Expected.Name, n.Found,
                    "holds other data, which the delegation's CNAME cannot coexist with: delete it from the zone first",
                    "RFC 1034 §3.6.2")
                : new Diagnostic(Severity.Error, n.Expected.Name, n.Found,
                    "could not be looked up, so a conflicting record cannot be ruled out; retry when DNS answers", "RFC 1034 §3.6.2")),
    ];
}
