using System.Net;
using Mail.MtaSts.Hosted;
using Mail.MtaSts.Verification.Tests.Loopback;

namespace Mail.MtaSts.Verification.Tests;

/// <summary>
/// What an owner's zone holds at the three delegated names, as the provider's component (waiting for the owner's
/// CNAMEs) and the owner's component (refusing a conflicting record, RFC 1034 §3.6.2) see it, on a real DNS server.
/// </summary>
public sealed class DelegationLookupTests : IDisposable
{
    private static readonly HostingProvider Provider = HostingProvider.Create("provider.example");

    private readonly LoopbackDns dns = new();

    public void Dispose() => dns.Dispose();

    [Fact(Timeout = 30_000)]
    public async Task Three_published_CNAMEs_are_a_delegation_and_nothing_conflicts()
    {
        var delegation = Provider.DelegationFor(DomainName.Parse("owner.test"));
        foreach (var record in delegation.Records)
        {
            dns.Cname(record.Name, record.Target + ".");
        }

        var state = await new DelegationLookup(dns.Endpoint, TimeSpan.FromSeconds(5)).LookupAsync(delegation);

        Assert.True(state.IsPublished);
        Assert.All(state.Names, n => Assert.Equal(DelegatedNameState.Published, n.State));
        Assert.Empty(state.Conflicts());
        Assert.Equal("owner.test: delegated (the three CNAMEs point at the provider)", state.Summary);
    }

    [Fact(Timeout = 30_000)]
    public async Task An_owner_who_has_published_nothing_is_waited_for_without_a_conflict()
    {
        var delegation = Provider.DelegationFor(DomainName.Parse("new-customer.test"));

        var state = await new DelegationLookup(dns.Endpoint, TimeSpan.FromSeconds(5)).LookupAsync(delegation);

        Assert.False(state.IsPublished);
        Assert.True(state.IsMissing);
        Assert.Empty(state.Conflicts());
        Assert.StartsWith("new-customer.test: waiting for the owner's CNAMEs: mta-sts.new-customer.test is not published (CNAME mta-sts.provider.example)", state.Summary);
    }

    [Fact(Timeout = 30_000)]
    public async Task An_old_TXT_record_and_an_address_at_the_names_are_conflicts_naming_the_record_and_RFC_1034()
    {
        // The owner ran MTA-STS themselves before: their own TXT records are still there.
        var delegation = Provider.DelegationFor(DomainName.Parse("selfhosted.test"));
        dns.Txt("_mta-sts.selfhosted.test", "v=STSv1; id=20240101")
            .Txt("_smtp._tls.selfhosted.test", "v=TLSRPTv1; rua=mailto:tls@selfhosted.test")
            .A("mta-sts.selfhosted.test", IPAddress.Parse("192.0.2.7"));

        var state = await new DelegationLookup(dns.Endpoint, TimeSpan.FromSeconds(5)).LookupAsync(delegation);

        var conflicts = state.Conflicts();
        Assert.Equal(["mta-sts.selfhosted.test", "_mta-sts.selfhosted.test", "_smtp._tls.selfhosted.test"], conflicts.Select(c => c.Field));
        Assert.All(conflicts, c => Assert.Equal(("RFC 1034 §3.6.2", Severity.Error), (c.Section, c.Severity)));
        Assert.Equal("TXT \"v=STSv1; id=20240101\"", conflicts[1].Value);
        Assert.Equal("192.0.2.7", conflicts[0].Value);
        Assert.False(state.IsPublished);
    }

    [Fact(Timeout = 30_000)]
    public async Task A_CNAME_to_another_provider_is_named_but_not_a_conflict()
    {
        var delegation = Provider.DelegationFor(DomainName.Parse("moving.test"));
        dns.Cname("mta-sts.moving.test", "mta-sts.other-provider.example.")
            .Cname("_mta-sts.moving.test", delegation.PolicyRecord.Target + ".")
            .Cname("_smtp._tls.moving.test", delegation.TlsRptRecord.Target + ".");

        var state = await new DelegationLookup(dns.Endpoint, TimeSpan.FromSeconds(5)).LookupAsync(delegation);

        Assert.Equal(DelegatedNameState.OtherTarget, state.Names[0].State);
        Assert.Equal("mta-sts.other-provider.example", state.Names[0].Found);
        Assert.Empty(state.Conflicts());
        Assert.Contains("mta-sts.moving.test is a CNAME to mta-sts.other-provider.example, not mta-sts.provider.example", state.Summary);
    }

    [Fact(Timeout = 30_000)]
    public async Task A_failed_lookup_is_a_conflict_because_nothing_can_be_ruled_out()
    {
        var delegation = Provider.DelegationFor(DomainName.Parse("broken.test"));
        dns.ServerFailure("_mta-sts.broken.test");

        var state = await new DelegationLookup(dns.Endpoint, TimeSpan.FromSeconds(5)).LookupAsync(delegation);

        Assert.Equal(DelegatedNameState.LookupFailed, state.Names[1].State);
        Assert.Equal("_mta-sts.broken.test", Assert.Single(state.Conflicts()).Field);
    }

    [Fact(Timeout = 30_000)]
    public async Task The_owner_side_check_finds_the_same_conflicts_without_knowing_the_targets()
    {
        // The owner's component runs before the provider's stack outputs are known: names only.
        dns.Txt("_smtp._tls.selfhosted.test", "v=TLSRPTv1; rua=mailto:tls@selfhosted.test")
            .Cname("_mta-sts.selfhosted.test", "anything.provider.example.");

        var conflicts = await new DelegationLookup(dns.Endpoint, TimeSpan.FromSeconds(5)).ConflictsAsync(DomainName.Parse("selfhosted.test"));

        var conflict = Assert.Single(conflicts);
        Assert.Equal(("_smtp._tls.selfhosted.test", "TXT \"v=TLSRPTv1; rua=mailto:tls@selfhosted.test\""), (conflict.Field, conflict.Value));
        Assert.Contains("delete it from the zone first", conflict.Rule);
    }
}
