using Mail.MtaSts.Hosted;
using Mail.MtaSts.Hosting;
using Mail.MtaSts.Tests.Hosted;

namespace Mail.MtaSts.Tests.Hosting;

public sealed class HostedScriptTests
{
    [Fact]
    public void The_worker_maps_each_host_to_its_policy_text_once_in_host_order()
    {
        var plan = HostedPlan.Create(Fleet.Of(30));

        var script = HostedWorkerScript.Render(plan);

        var entries = MapEntries(script);
        Assert.Equal(plan.Domains.Select(d => d.HostName).Order(StringComparer.Ordinal), entries.Select(e => e.Host));
        Assert.All(entries, e => Assert.Equal(plan.Find(e.Host)!.PolicyText, e.Text));
    }

    [Fact]
    public void A_provider_with_more_domains_than_scribans_default_limits_gets_every_one_in_the_script()
    {
        // Scriban stops a loop at 1,000 iterations and cuts output at 1 MiB unless told otherwise.
        var plan = HostedPlan.Create(Fleet.Of(12_000));

        var script = HostedWorkerScript.Render(plan);

        Assert.True(script.Length > 1 << 20, $"{script.Length} characters");
        Assert.Equal(12_000, MapEntries(script).Count);
        Assert.EndsWith("  },\n};\n", script);
    }

    [Fact]
    public void The_same_domains_in_another_order_give_the_same_script()
    {
        var settings = Fleet.Of(20);
        var reversed = Fleet.Of(20);
        reversed.Domains = [.. reversed.Domains.Reverse()];

        Assert.Equal(HostedWorkerScript.Render(HostedPlan.Create(settings)), HostedWorkerScript.Render(HostedPlan.Create(reversed)));
    }

    [Fact]
    public void Changing_one_domain_changes_only_its_line_of_the_script()
    {
        var settings = Fleet.Of(20);
        var before = HostedWorkerScript.Render(HostedPlan.Create(settings)).Split('\n');
        settings.Domains[7].Mode = PolicyMode.Testing;
        settings.Domains[7].Mx.Add("mx3.customer-0008.example");

        var after = HostedWorkerScript.Render(HostedPlan.Create(settings)).Split('\n');

        var changed = before.Zip(after).Where(p => p.First != p.Second).ToList();
        var line = Assert.Single(changed);
        Assert.StartsWith("  [\"mta-sts.customer-0008.example\"", line.Second);
    }

    [Fact]
    public void A_retiring_domain_stays_in_the_map_with_mode_none()
    {
        var settings = Fleet.Of(5);
        settings.Domains[2].Retire = true;

        var entries = MapEntries(HostedWorkerScript.Render(HostedPlan.Create(settings)));

        Assert.Contains("mode: none", entries.Single(e => e.Host == "mta-sts.customer-0003.example").Text);
    }

    [Fact]
    public void The_worker_name_is_a_dns_label_naming_the_provider() =>
        Assert.Equal("mta-sts-hosted-provider-example", HostedWorkerScript.NameFor(HostingProvider.Create("provider.example")));

    [Fact]
    public void The_cloudfront_function_lists_no_domain_and_fits_the_10_kb_limit()
    {
        var code = CloudFrontFunction.Code;

        Assert.InRange(System.Text.Encoding.UTF8.GetByteCount(code), 1, CloudFrontFunction.SizeLimit);
        Assert.Contains("function handler(event)", code);
    }

    [Fact]
    public void A_policy_object_is_keyed_by_its_host_and_the_well_known_path()
    {
        var domain = HostedPlan.Create(Fleet.Of(1)).Domains[0];

        Assert.Equal("mta-sts.customer-0001.example/.well-known/mta-sts.txt", CloudFrontFunction.ObjectKeyFor(domain));
    }

    /// <summary>The Map entries of a rendered script, read back as JSON.</summary>
    private static List<(string Host, string Text)> MapEntries(string script)
    {
        var start = script.IndexOf("new Map(", StringComparison.Ordinal) + "new Map(".Length;
        var end = script.IndexOf(");\n", start, StringComparison.Ordinal);
        var json = script[start..end].Replace(",\n]", "\n]", StringComparison.Ordinal);
        return [.. System.Text.Json.JsonSerializer.Deserialize<string[][]>(json)!.Select(e => (e[0], e[1]))];
    }
}
