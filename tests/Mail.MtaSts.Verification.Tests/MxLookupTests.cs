using System.Net;
using DnsClient;
using Mail.MtaSts.Verification.Tests.Loopback;

namespace Mail.MtaSts.Verification.Tests;

/// <summary>
/// The one MX lookup, shared by the verifier and the Pulumi component's enforce guard: a real DNS server on loopback
/// answers it, and nothing is cached between lookups.
/// </summary>
public sealed class MxLookupTests : IDisposable
{
    private readonly LoopbackDns dns = new();

    public void Dispose() => dns.Dispose();

    [Fact(Timeout = 30_000)]
    public async Task A_changed_MX_is_seen_by_the_next_lookup_in_the_same_process()
    {
        // One lookup object in a long-lived process (the Automation API, a service deploying many stacks): the MX is
        // changed within its 60 s TTL, and the enforce guard must judge the new one, not a cached answer.
        var lookup = new MxLookup(dns.Endpoint, TimeSpan.FromSeconds(5));
        var domain = DomainName.Parse("changing.test");
        dns.Mx("changing.test", 10, "mx-old.changing.test.");
        var before = await lookup.LookupAsync(domain);

        dns.Remove("changing.test", QueryType.MX).Mx("changing.test", 10, "mx-new.changing.test.");
        var after = await lookup.LookupAsync(domain);

        Assert.Equal(["mx-old.changing.test"], before.Names);
        Assert.Equal(["mx-new.changing.test"], after.Names);
        Assert.Equal(2, dns.Questions.Count(q => q == "changing.test MX"));
    }

    [Fact(Timeout = 30_000)]
    public async Task The_hosts_come_lowest_preference_first_and_a_null_MX_is_no_host()
    {
        dns.Mx("mixed.test", 20, "MX2.Mixed.Test.").Mx("mixed.test", 10, "mx1.mixed.test.").Mx("mixed.test", 0, ".");
        dns.Mx("nullmx.test", 0, ".");
        var lookup = new MxLookup(dns.Endpoint, TimeSpan.FromSeconds(5));

        var mixed = await lookup.LookupAsync(DomainName.Parse("mixed.test"));
        var none = await lookup.LookupAsync(DomainName.Parse("nullmx.test"));
        var missing = await lookup.LookupAsync(DomainName.Parse("nowhere.test"));

        Assert.Equal(["mx1.mixed.test", "mx2.mixed.test"], mixed.Names);
        Assert.True(mixed.HasMisplacedNullMx);
        Assert.Equal((true, 0), (none.IsNullMx, none.Names.Count));
        Assert.Empty(missing.Names); // NXDOMAIN: no MX records, not a failure
    }

    [Fact(Timeout = 30_000)]
    public async Task A_failed_lookup_throws_naming_the_domain_and_the_failure()
    {
        dns.ServerFailure("broken.test");
        var lookup = new MxLookup(dns.Endpoint, TimeSpan.FromSeconds(5));

        var error = await Assert.ThrowsAsync<MtaStsException>(() => lookup.LookupAsync(DomainName.Parse("broken.test")));

        var diagnostic = Assert.Single(error.Diagnostics);
        Assert.Equal(("MX", "broken.test", "RFC 5321 §5.1"), (diagnostic.Field, diagnostic.Value, diagnostic.Section));
        Assert.Contains("the MX lookup failed (MX broken.test: ", diagnostic.Rule);
    }

    [Fact(Timeout = 30_000)]
    public async Task A_silent_server_fails_the_lookup_within_its_timeout()
    {
        dns.Silent("silent.test");
        var lookup = new MxLookup(dns.Endpoint, TimeSpan.FromSeconds(1));

        var error = await Assert.ThrowsAsync<MtaStsException>(() => lookup.LookupAsync(DomainName.Parse("silent.test")));

        Assert.Contains("the MX lookup failed (MX silent.test: no answer", error.Message);
    }

    [Theory]
    [InlineData("0.0.0.0:53")]
    [InlineData("127.0.0.1:0")]
    public void A_DNS_server_that_names_no_server_is_refused(string server)
    {
        var error = Assert.Throws<MtaStsException>(() => new MxLookup(IPEndPoint.Parse(server), TimeSpan.Zero));

        // Every setting that cannot work, each with its value and rule, as the component reports them.
        Assert.Equal([("DnsServer", server), ("Timeout", "00:00:00")], error.Diagnostics.Select(d => (d.Field, d.Value)));
        Assert.Contains("port 0 is reserved (RFC 6335 §6)", error.Diagnostics[0].Rule);
    }
}
