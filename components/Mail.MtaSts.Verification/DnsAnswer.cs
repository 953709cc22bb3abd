namespace Mail.MtaSts.Verification;

/// <summary>The records found at a name (after CNAMEs), or why the lookup failed.</summary>
/// <param name="Records">The records of the requested type.</param>
/// <param name="Canonical">The name the records were found at, after following CNAMEs.</param>
/// <param name="Error">A lookup failure other than "no such name"; <c>null</c> when the answer is authoritative.</param>
internal sealed record DnsAnswer<T>(IReadOnlyList<T> Records, string Canonical, string? Error)
{
    internal DnsAnswer<TOut> Map<TOut>(Func<T, TOut?> select)
        where TOut : class =>
        new([.. Records.Select(select).OfType<TOut>()], Canonical, Error);
}
