namespace Mail.MtaSts.Components.Tests;

/// <summary>The live MX records of a domain, as a test decides them; counts the lookups.</summary>
internal sealed class FakeMxLookup(params string[] exchanges) : IMxLookup
{
    public int Lookups { get; private set; }

    public Task<MxHosts> LookupAsync(DomainName domain, CancellationToken cancellationToken = default)
    {
        Lookups++;
        return Task.FromResult(MxHosts.FromExchanges(exchanges));
    }
}
