using System.Text.Json;

namespace Mail.MtaSts.Cli.Tests;

public sealed class HostedPlanCommandTests
{
    /// <summary>A provider file as docs/hosted.md describes it: comments and trailing commas allowed.</summary>
    private const string ProviderFile = """
        {
          // The provider's zone and its report collector.
          "zone": "provider.example",
          "rua": ["https://reports.provider.example/tlsrpt"],
          "domains": [
            { "domain": "example.com", "mx": ["*.mail.protection.outlook.com"], "mode": "enforce" },
            { "domain": "mail-corp.example", "mx": ["aspmx.l.google.com", "*.aspmx.l.google.com"], "maxAge": 86400,
              "rua": ["mailto:tls@mail-corp.example"] },
            { "domain": "leaving.example", "mx": ["mx.leaving.example"], "mode": "enforce", "retire": true },
          ],
        }
        """;

    [Fact]
    public async Task Hosted_by_prints_the_three_cnames_the_owner_publishes()
    {
        var (exit, output, error) = await CliRun.RunAsync("plan", "--domain", "Example.COM", "--hosted-by", "provider.example");

        Assert.Equal(0, exit);
        Assert.Empty(error);
        Assert.Matches(@"mta-sts\.example\.com\s+│ CNAME │ 3600 │ mta-sts\.provider\.example", output);
        Assert.Matches(@"_mta-sts\.example\.com\s+│ CNAME │ 3600 │ example-com\._mta-sts\.provider\.example", output);
        Assert.Matches(@"_smtp\._tls\.example\.com\s+│ CNAME │ 3600 │ example-com\._smtp\._tls\.provider\.example", output);
    }

    [Fact]
    public async Task Hosted_by_json_names_the_records_and_the_policy_host_given()
    {
        var (exit, output, _) = await CliRun.RunAsync(
            "plan", "--domain", "example.com", "--hosted-by", "provider.example", "--policy-host", "policy.provider.example", "--json");

        Assert.Equal(0, exit);
        var json = JsonDocument.Parse(output).RootElement;
        Assert.Equal("provider.example", json.GetProperty("hostedBy").GetString());
        Assert.Equal("policy.provider.example", json.GetProperty("policyHost").GetString());
        var records = json.GetProperty("records").EnumerateArray()
            .Select(r => (r.GetProperty("name").GetString(), r.GetProperty("type").GetString(), r.GetProperty("value").GetString())).ToList();
        Assert.Equal(
            [
                ("mta-sts.example.com", "CNAME", "policy.provider.example"),
                ("_mta-sts.example.com", "CNAME", "example-com._mta-sts.provider.example"),
                ("_smtp._tls.example.com", "CNAME", "example-com._smtp._tls.provider.example"),
            ],
            records);
    }

    [Theory]
    [InlineData("--mx", "mx.example.com")]
    [InlineData("--mode", "enforce")]
    [InlineData("--out", "/tmp/x")]
    public async Task Hosted_by_refuses_the_options_of_a_policy_the_provider_decides(string option, string value)
    {
        var (exit, output, error) = await CliRun.RunAsync("plan", "--domain", "example.com", "--hosted-by", "provider.example", option, value);

        Assert.Equal(2, exit);
        Assert.Empty(output);
        Assert.Contains($"{option} cannot be used with --hosted-by", error);
    }

    [Fact]
    public async Task Hosted_by_names_the_option_of_every_bad_name()
    {
        var (exit, _, error) = await CliRun.RunAsync("plan", "--domain", "eu.provider.example", "--hosted-by", "provider.example");
        Assert.Equal(2, exit);
        Assert.Contains("--domain \"eu.provider.example\": is the provider's own zone", error);

        (exit, _, error) = await CliRun.RunAsync("plan", "--domain", "user@example.com", "--hosted-by", "https://provider.example");
        Assert.Equal(2, exit);
        Assert.Contains("--domain \"user@example.com\"", error);
        Assert.Contains("--hosted-by \"https://provider.example\"", error);
    }

    [Fact]
    public async Task Policy_host_without_hosted_by_is_a_usage_error()
    {
        var (exit, _, error) = await CliRun.RunAsync("plan", "--domain", "example.com", "--mx", "mx.example.com", "--policy-host", "p.example");

        Assert.Equal(2, exit);
        Assert.Contains("--policy-host needs --hosted-by", error);
    }

    [Fact]
    public async Task Hosted_lists_every_domain_with_its_mode_and_id()
    {
        var (exit, output, error) = await CliRun.RunAsync("plan", "--hosted", Write(ProviderFile));

        Assert.Equal(0, exit);
        Assert.Empty(error);
        Assert.Contains("3 domains behind mta-sts.provider.example", output);
        Assert.Matches(@"example\.com\s+│ enforce\s+│ 604800", output);
        Assert.Matches(@"mail-corp\.example\s+│ testing\s+│ 86400", output);
        Assert.Matches(@"leaving\.example\s+│ none \(retiring\)\s+│ 86400", output);
    }

    [Fact]
    public async Task Hosted_json_carries_each_domains_exact_policy_id_records_and_cnames()
    {
        var (exit, output, _) = await CliRun.RunAsync("plan", "--hosted", Write(ProviderFile), "--json");

        Assert.Equal(0, exit);
        var json = JsonDocument.Parse(output).RootElement;
        Assert.Equal("provider.example", json.GetProperty("zone").GetString());
        var domains = json.GetProperty("domains").EnumerateArray().ToList();
        Assert.Equal(3, domains.Count);
        foreach (var domain in domains)
        {
            var policy = System.Text.Encoding.ASCII.GetBytes(domain.GetProperty("policy").GetString()!);
            var id = PolicyId.ForPolicy(policy).Value;
            Assert.Equal(id, domain.GetProperty("policyId").GetString());
            Assert.Equal($"v=STSv1; id={id}", domain.GetProperty("records")[0].GetProperty("value").GetString());
            Assert.Equal(3, domain.GetProperty("delegation").GetArrayLength());
        }

        Assert.Equal("v=TLSRPTv1; rua=mailto:tls@mail-corp.example", domains[1].GetProperty("records")[1].GetProperty("value").GetString());
        Assert.True(domains[2].GetProperty("retiring").GetBoolean());
        Assert.Equal("wait-previous-max-age", domains[2].GetProperty("steps").EnumerateArray().Last().GetProperty("name").GetString());
    }

    [Fact]
    public async Task Hosted_out_writes_the_worker_the_function_the_bucket_and_both_zone_files()
    {
        var directory = Directory.CreateTempSubdirectory("mta-sts-hosted-").FullName;

        var (exit, output, _) = await CliRun.RunAsync("plan", "--hosted", Write(ProviderFile), "--json", "--out", directory);

        Assert.Equal(0, exit);
        var domains = JsonDocument.Parse(output).RootElement.GetProperty("domains").EnumerateArray().ToList();
        var worker = await File.ReadAllTextAsync(Path.Combine(directory, "worker.js"));
        var providerZone = await File.ReadAllLinesAsync(Path.Combine(directory, "provider.zone"));
        var ownersZone = await File.ReadAllLinesAsync(Path.Combine(directory, "owners.zone"));
        foreach (var domain in domains)
        {
            var name = domain.GetProperty("domain").GetString()!;
            var policy = domain.GetProperty("policy").GetString()!;
            Assert.Equal(policy, await File.ReadAllTextAsync(Path.Combine(directory, "bucket", $"mta-sts.{name}", ".well-known", "mta-sts.txt")));
            Assert.Contains($"[\"mta-sts.{name}\", {JsonSerializer.Serialize(policy)}]", worker);
            var txt = domain.GetProperty("records")[0];
            Assert.Contains($"{txt.GetProperty("name").GetString()}. 300 IN TXT \"{txt.GetProperty("value").GetString()}\"", providerZone);
        }

        Assert.Equal(6, providerZone.Length);
        Assert.Equal(9, ownersZone.Length);
        Assert.Contains("_mta-sts.mail-corp.example. 3600 IN CNAME mail--corp-example._mta-sts.provider.example.", ownersZone);
        Assert.Contains("function handler(event)", await File.ReadAllTextAsync(Path.Combine(directory, "cloudfront-function.js")));
    }

    [Theory]
    [InlineData("""{ "zone": "provider.example", "domians": [] }""", "domians")]
    [InlineData("""{ "zone": "provider.example", "domains": [ { "domain": "a.example", "mode": "strict" } ] }""", "$.domains[0].mode")]
    [InlineData("""{ "zone": "provider.example", "domains": [ { "domain": "a.example", "mode": 1 } ] }""", "$.domains[0].mode")]
    [InlineData("""{ "zone": "provider.example", """, "--hosted")]
    public async Task A_provider_file_that_does_not_read_is_a_usage_error_naming_where(string content, string named)
    {
        var path = Write(content);

        var (exit, output, error) = await CliRun.RunAsync("plan", "--hosted", path);

        Assert.Equal(2, exit);
        Assert.Empty(output);
        Assert.Contains($"--hosted \"{path}\"", error);
        Assert.Contains(named, error);
    }

    [Fact]
    public async Task A_provider_file_breaking_a_rule_names_every_domain_and_field()
    {
        var (exit, _, error) = await CliRun.RunAsync("plan", "--hosted", Write("""
            { "zone": "provider.example", "rua": ["mailto:tlsrpt@provider.example"],
              "domains": [ { "domain": "a.example", "mx": ["mx.a.example"] }, { "domain": "A.example.", "mx": ["mx.a.example"] },
                           { "domain": "b.example", "mode": "enforce" } ] }
            """));

        Assert.Equal(2, exit);
        Assert.Contains("domains[1] (a.example).domain \"A.example.\": is already hosted as domains[0] (a.example)", error);
        Assert.Contains("domains[2] (b.example).mx", error);
    }

    [Fact]
    public async Task Hosted_with_the_options_of_one_domain_is_a_usage_error()
    {
        var (exit, _, error) = await CliRun.RunAsync("plan", "--hosted", Write(ProviderFile), "--domain", "example.com");

        Assert.Equal(2, exit);
        Assert.Contains("--domain cannot be used with --hosted", error);
    }

    private static string Write(string content)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("mta-sts-provider-").FullName, "provider.json");
        File.WriteAllText(path, content);
        return path;
    }
}
