using Mail.MtaSts.Hosting;

namespace Mail.MtaSts.Tests.Hosting;

public sealed class ReportEndpointTests
{
    [Fact]
    public void The_uri_is_the_report_path_on_the_host_in_a_labels()
    {
        var endpoint = new ReportEndpoint("MTA-STS.Bücher.example", [DomainName.Parse("bücher.example")]);

        Assert.Equal("https://mta-sts.xn--bcher-kva.example/tlsrpt", endpoint.Uri.ToString());
        Assert.Equal(["xn--bcher-kva.example"], endpoint.ServedDomains.Select(d => d.Value));
    }

    [Fact]
    public void Served_domains_are_kept_once_in_name_order()
    {
        string[] given = ["b.example", "A.example", "a.example."];

        var endpoint = new ReportEndpoint("tlsrpt.provider.example", given.Select(d => DomainName.Parse(d)));

        Assert.Equal(["a.example", "b.example"], endpoint.ServedDomains.Select(d => d.Value));
    }

    [Fact]
    public void An_endpoint_that_serves_no_domain_is_refused_naming_the_field()
    {
        var error = Assert.Throws<MtaStsException>(() => new ReportEndpoint("mta-sts.example.com", []));

        var diagnostic = Assert.Single(error.Diagnostics);
        Assert.Equal(("servedDomains", "RFC 8460 §4.4"), (diagnostic.Field, diagnostic.Section));
    }

    [Fact]
    public void A_host_that_is_no_host_name_is_refused_naming_the_value()
    {
        var error = Assert.Throws<MtaStsException>(() => new ReportEndpoint("https://mta-sts.example.com/", [DomainName.Parse("example.com")]));

        Assert.Equal(("hostName", "https://mta-sts.example.com/"), (error.Diagnostics[0].Field, error.Diagnostics[0].Value));
    }

    [Theory]
    [InlineData("example.com", "tlsrpt-example-com")]
    [InlineData("Mail.Example.CO.UK", "tlsrpt-mail-example-co-uk")]
    public void The_name_of_the_worker_bucket_and_function_is_the_domain_with_dashes(string domain, string expected)
    {
        Assert.Equal(expected, ReportEndpoint.NameFor(DomainName.Parse(domain)));
    }

    [Fact]
    public void Long_domains_get_distinct_names_that_fit_an_r2_bucket_name()
    {
        var stem = string.Join('.', Enumerable.Repeat("department", 6));

        var names = new[] { $"{stem}.example.com", $"{stem}.example.net" }.Select(d => ReportEndpoint.NameFor(DomainName.Parse(d))).ToList();

        Assert.NotEqual(names[0], names[1]);
        // R2 bucket names: 3 to 63 lower-case letters, digits and dashes, a letter or digit at each end.
        Assert.All(names, n => Assert.Matches("^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$", n));
    }
}
