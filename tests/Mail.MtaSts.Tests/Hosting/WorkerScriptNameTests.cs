using Mail.MtaSts.Hosting;

namespace Mail.MtaSts.Tests.Hosting;

public sealed class WorkerScriptNameTests
{
    [Theory]
    [InlineData("example.com", "mta-sts-example-com")]
    [InlineData("Mail.Example.CO.UK", "mta-sts-mail-example-co-uk")]
    [InlineData("bücher.example", "mta-sts-xn--bcher-kva-example")]
    public void The_name_is_the_domain_with_dashes(string domain, string expected)
    {
        Assert.Equal(expected, WorkerScript.NameFor(DomainName.Parse(domain)));
    }

    [Fact]
    public void Long_domains_get_distinct_names_that_fit_a_dns_label()
    {
        var stem = string.Join('.', Enumerable.Repeat("department", 6));
        var first = WorkerScript.NameFor(DomainName.Parse($"{stem}.example.com"));
        var second = WorkerScript.NameFor(DomainName.Parse($"{stem}.example.net"));

        Assert.NotEqual(first, second);
        Assert.All([first, second], name =>
        {
            Assert.InRange(name.Length, 1, WorkerScript.MaxNameLength);
            Assert.Matches("^[a-z0-9][a-z0-9-]*[a-z0-9]$", name);
            Assert.StartsWith("mta-sts-department-department-", name);
        });
    }
}
