using CsCheck;
using Mail.MtaSts.Hosted;

namespace Mail.MtaSts.Tests.Hosted;

public sealed class HostingProviderTests
{
    private static readonly Gen<string> Label =
        Gen.Select(Gen.Char["abcdefghijklmnopqrstuvwxyz0123456789"].Array[1, 30], Gen.Char["abcdefghijklmnopqrstuvwxyz0123456789-"].Array[0, 32])
            .Select((head, tail) => new string(head) + (tail.Length > 0 ? new string(tail).TrimEnd('-') + "x" : ""));

    private static readonly Gen<DomainName> Domains =
        Label.Array[2, 5].Select(labels => string.Join('.', labels)).Where(d => d.Length <= 240).Select(d => DomainName.Parse(d));

    [Fact]
    public void The_policy_host_defaults_to_mta_sts_under_the_zone()
    {
        var provider = HostingProvider.Create("Provider.Example.");

        Assert.Equal("provider.example", provider.Zone);
        Assert.Equal("mta-sts.provider.example", provider.PolicyHost);
    }

    [Theory]
    [InlineData("example.com", "example-com")]
    [InlineData("mail-corp.example", "mail--corp-example")]
    [InlineData("xn--bcher-kva.example", "xn----bcher--kva-example")]
    public void A_label_is_the_domain_with_dots_as_one_hyphen_and_hyphens_as_two(string domain, string label) =>
        Assert.Equal(label, HostingProvider.LabelFor(DomainName.Parse(domain)));

    [Fact]
    public void Domains_that_differ_only_in_dots_and_hyphens_get_different_labels()
    {
        string[] domains = ["a-b.example", "a.b-example", "a--b.example", "a.b.example", "ab.example"];

        var labels = domains.Select(d => HostingProvider.LabelFor(DomainName.Parse(d))).ToList();

        Assert.Equal(domains.Length, labels.Distinct().Count());
    }

    [Fact]
    public void A_label_too_long_is_cut_within_63_octets_and_ends_in_a_hash_of_the_whole_domain()
    {
        var a = DomainName.Parse(new string('a', 40) + ".customer-with-a-long-name.example");
        var b = DomainName.Parse(new string('a', 40) + ".customer-with-a-long-name.example.net");

        var labelA = HostingProvider.LabelFor(a);
        var labelB = HostingProvider.LabelFor(b);

        // The cut ends at "customer-"; its hyphen is dropped so that "---" stays a run of exactly three.
        Assert.Matches("^a{40}-customer---[0-9a-f]{10}$", labelA);
        Assert.Matches("^a{40}-customer---[0-9a-f]{10}$", labelB);
        Assert.NotEqual(labelA, labelB);
    }

    [Fact]
    public void Every_derived_name_is_a_valid_dns_name_and_distinct_domains_never_share_one() =>
        Gen.Select(Domains, Domains).Sample((a, b) =>
        {
            var provider = HostingProvider.Create("provider.example");
            var labelA = HostingProvider.LabelFor(a);
            Assert.InRange(labelA.Length, 1, HostingProvider.MaxLabel);
            foreach (var record in provider.Delegate(a).Records)
            {
                // A name the core accepts as a host: LDH labels of at most 63, at most 253 in all (RFC 1035 §2.3.4).
                Assert.True(DomainName.TryParse(record.Target.Replace("_", "u", StringComparison.Ordinal)).IsValid, record.Target);
            }

            Assert.Equal(a == b, labelA == HostingProvider.LabelFor(b));
        });

    [Fact]
    public void The_owners_records_are_refused_for_the_providers_own_zone()
    {
        var provider = HostingProvider.Create("provider.example");

        var e = Assert.Throws<MtaStsException>(() => provider.DelegationFor(DomainName.Parse("eu.provider.example")));

        Assert.Equal("domain", Assert.Single(e.Diagnostics).Field);
    }

    [Fact]
    public void A_bad_policy_host_is_refused_naming_the_field()
    {
        var e = Assert.Throws<MtaStsException>(() => HostingProvider.Create("provider.example", "https://mta-sts.provider.example/"));

        Assert.Equal("policyHost", Assert.Single(e.Diagnostics).Field);
    }
}
