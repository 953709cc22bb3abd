using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using DnsClient;
using Mail.MtaSts.Cli;
using Mail.MtaSts.Cli.Tests;
using Mail.MtaSts.Hosted;

namespace Mail.MtaSts.World.Tests.Hosted;

/// <summary>
/// The hosted case of the local world (tests/world/README.md, "Hosted"): two providers, each with 100 delegated domains
/// behind one policy host — the Cloudflare shape served by the core's Host-keyed Worker under workerd, the AWS shape by
/// nginx from the bucket's files keyed by Host — and the TXT records in each provider's zone, all as
/// <c>mta-sts plan --hosted tests/world/hosted/&lt;shape&gt;.json --out</c> wrote them; every owner's zone holds the three
/// CNAMEs. Real senders (postfix-mta-sts-resolver, Postfix) and <c>mta-sts verify</c> see them through the world's DNS.
/// </summary>
public sealed class HostedWorldTests
{
    private static readonly string[] Shapes = ["cloudflare", "aws"];

    [Fact]
    public async Task Every_delegated_domain_of_both_providers_passes_mta_sts_verify()
    {
        var passing = Cases().Where(c => c.Expected == "pass").Select(c => c.Domain).ToList();
        Assert.Equal(200, passing.Count);
        var file = Path.Combine(Directory.CreateTempSubdirectory("mtasts-hosted-").FullName, "domains.txt");
        await File.WriteAllLinesAsync(file, passing);

        var (exit, output, error) = await CliRun.RunAsync([.. Verify(), "--file", file, "--json"]);

        Assert.True(exit == 0, error + string.Join('\n', Failures(output)));
        var domains = JsonDocument.Parse(output).RootElement.GetProperty("domains").EnumerateArray().ToList();
        Assert.Equal(passing, domains.Select(d => d.GetProperty("domain").GetString()));
        // Each domain's policy record and TLS-RPT record are reached through the owner's CNAMEs (RFC 8461 §3.1, RFC 8460 §3).
        Assert.All(domains, d => Assert.Contains(d.GetProperty("checks").EnumerateArray(),
            c => c.GetProperty("id").GetString() == "dns.mta-sts-record" && c.GetProperty("message").GetString()!.Contains("(CNAME to ", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Each_domain_is_served_its_planned_bytes_and_published_its_planned_id_through_its_cnames()
    {
        var env = TestWorld.Environment();
        var dns = new LookupClient(new LookupClientOptions(IPEndPoint.Parse(env["DNS"])) { UseCache = false });
        using var http = Client(env["CA"]);
        foreach (var shape in Shapes)
        {
            var plan = HostedPlan.Create(ProviderFile.Read(Path.Combine(TestWorld.Scripts, "hosted", shape + ".json")));
            Assert.Equal(shape == "cloudflare" ? 103 : 102, plan.Domains.Count);
            foreach (var domain in plan.Domains.Where(d => !d.Domain.Value.StartsWith("nocert.", StringComparison.Ordinal)))
            {
                Assert.Equal(domain.PolicyBytes, await http.GetByteArrayAsync(domain.PolicyUrl));
                Assert.Equal(domain.MtaStsRecord.Value, await TxtAsync(dns, $"_mta-sts.{domain.Domain}"));
                Assert.Equal(domain.TlsRptRecord.Value, await TxtAsync(dns, $"_smtp._tls.{domain.Domain}"));
            }
        }
    }

    [Theory]
    [InlineData("c001.hosted-cf.example.test")]
    [InlineData("c100.hosted-cf.example.test")]
    [InlineData("a003.hosted-aws.example.test")]
    [InlineData("retiring.hosted-cf.example.test")]
    public async Task The_real_sender_finds_the_policy_the_provider_planned(string name)
    {
        var domain = Planned(name);

        var verdict = await TestWorld.RunAsync("query.sh", name);

        Assert.Equal($"valid {domain.Policy.Mode.ToWire()} {domain.PolicyId}", verdict);
    }

    [Theory]
    [InlineData("c005.hosted-cf.example.test", "sent")]
    [InlineData("a007.hosted-aws.example.test", "sent")]
    [InlineData("mxbad.hosted-cf.example.test", "deferred 4.7.5")]
    [InlineData("mxbad.hosted-aws.example.test", "deferred 4.7.5")]
    public async Task The_real_sender_applies_the_hosted_policy_when_it_delivers(string domain, string expected)
    {
        // mxbad.*: enforce, and its MX presents a certificate for another name: Postfix must not deliver (RFC 8461 §5).
        Assert.Equal(PolicyMode.Enforce, Planned(domain).Policy.Mode);

        var outcome = await TestWorld.RunAsync("send.sh", domain);

        Assert.StartsWith(expected, outcome);
    }

    [Fact]
    public async Task A_dangling_cname_a_missing_certificate_another_provider_and_a_bad_mx_fail_with_the_right_check()
    {
        var broken = Cases().Where(c => c.Expected.StartsWith("fail:", StringComparison.Ordinal)).ToList();
        Assert.Equal(6, broken.Count);

        var (exit, output, _) = await CliRun.RunAsync([.. Verify(), .. broken.Select(c => c.Domain), "--json"]);

        Assert.Equal(1, exit);
        var domains = JsonDocument.Parse(output).RootElement.GetProperty("domains").EnumerateArray().ToList();
        foreach (var (domain, expected) in broken.Zip(domains).Select(p => (p.Second, p.First.Expected["fail:".Length..])))
        {
            var failed = domain.GetProperty("checks").EnumerateArray()
                .Where(c => c.GetProperty("status").GetString() == "fail").Select(c => c.GetProperty("id").GetString()).ToList();
            Assert.True(failed.Contains(expected), $"{domain.GetProperty("domain")}: expected {expected} among the failed checks {string.Join(", ", failed)}");
        }
    }

    /// <summary>The hosted cases up.sh wrote: domain, shape, expected verdict (<c>pass</c>, <c>retiring</c>, <c>fail:&lt;check id&gt;</c>).</summary>
    private static List<(string Domain, string Shape, string Expected)> Cases()
    {
        var path = Path.Combine(TestWorld.Directory, "hosted", "cases.tsv");
        Assert.True(File.Exists(path), $"{path} is missing: the world was brought up without the hosted case (MTASTS_HOSTED, see tests/world/README.md)");
        return [.. File.ReadAllLines(path).Select(l => l.Split('\t')).Select(f => (f[0], f[1], f[2]))];
    }

    private static HostedDomain Planned(string name) =>
        Shapes.Select(s => HostedPlan.Create(ProviderFile.Read(Path.Combine(TestWorld.Scripts, "hosted", s + ".json"))))
            .Select(p => p.Find($"mta-sts.{name}")).Single(d => d is not null)!;

    private static string[] Verify()
    {
        var env = TestWorld.Environment();
        return ["verify", "--dns-server", env["DNS"], "--ca-file", env["CA"]];
    }

    private static IEnumerable<string> Failures(string json) =>
        JsonDocument.Parse(json).RootElement.GetProperty("domains").EnumerateArray()
            .Where(d => d.GetProperty("failed").GetBoolean())
            .SelectMany(d => d.GetProperty("checks").EnumerateArray()
                .Where(c => c.GetProperty("status").GetString() == "fail")
                .Select(c => $"{d.GetProperty("domain")}: {c.GetProperty("message")}"));

    private static async Task<string> TxtAsync(LookupClient dns, string name)
    {
        var answer = await dns.QueryAsync(name, QueryType.TXT);
        return string.Concat(Assert.Single(answer.Answers.TxtRecords()).Text);
    }

    /// <summary>A client resolving through the world's DNS (the namespace's resolv.conf) and trusting only its CA.</summary>
    private static HttpClient Client(string ca)
    {
        var handler = new SocketsHttpHandler { AllowAutoRedirect = false };
        handler.SslOptions.CertificateChainPolicy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            RevocationMode = X509RevocationMode.NoCheck,
            CustomTrustStore = { X509CertificateLoader.LoadCertificateFromFile(ca) },
        };
        return new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(10) };
    }
}
