namespace Mail.MtaSts.Tests;

/// <summary>The hosts a sender delivers to, from the MX records as DNS gives them (RFC 5321 §5.1, RFC 7505).</summary>
public sealed class MxHostsTests
{
    [Fact]
    public void Each_exchange_is_one_host_lower_case_without_the_trailing_dot_in_preference_order()
    {
        var hosts = MxHosts.FromExchanges(["MX1.Example.com.", "mx2.example.com.", "mx1.example.com"]);

        Assert.Equal(["mx1.example.com", "mx2.example.com"], hosts.Names);
        Assert.False(hosts.IsNullMx);
        Assert.False(hosts.HasMisplacedNullMx);
    }

    [Theory]
    [InlineData(".")]
    [InlineData("")]
    public void A_null_MX_alone_means_the_domain_accepts_no_mail(string root)
    {
        var hosts = MxHosts.FromExchanges([root]);

        Assert.True(hosts.IsNullMx);
        Assert.Empty(hosts.Names);
    }

    [Fact]
    public void A_null_MX_beside_other_records_is_no_host_and_is_flagged()
    {
        var hosts = MxHosts.FromExchanges([".", "mx1.example.com."]);

        Assert.Equal(["mx1.example.com"], hosts.Names);
        Assert.False(hosts.IsNullMx);
        Assert.True(hosts.HasMisplacedNullMx);
    }

    [Fact]
    public void No_MX_records_are_no_hosts_and_no_null_MX()
    {
        var hosts = MxHosts.FromExchanges([]);

        Assert.Empty(hosts.Names);
        Assert.False(hosts.IsNullMx);
    }
}
