using System.Text.Json;
using Mail.MtaSts.Cli.Tests;

namespace Mail.MtaSts.World.Tests;

/// <summary>
/// <c>mta-sts verify</c> against the local world of real servers (tests/world), with its DNS server, its CA and a
/// deployed policy as the expectation. Like the verifier's own end-to-end tests, these fail (never pass unrun) when
/// <c>MTASTS_WORLD</c> is not set; <c>./build.sh test</c> sets it.
/// </summary>
public sealed class VerifyCommandWorldTests
{
    [Fact]
    public async Task A_healthy_domain_exits_0()
    {
        var (exit, output, error) = await CliRun.RunAsync([.. World(), "enforce.example.test"]);

        Assert.True(exit == 0, output + error);
        Assert.StartsWith("OK   enforce.example.test (0 failed, 0 warnings; policy mode enforce)", output);
    }

    [Fact]
    public async Task The_expected_policy_catches_a_domain_serving_another_one_and_exits_1()
    {
        var expected = Path.Combine(TestWorld.Directory, "cases", "enforce", "expected-policy.txt");

        var (exit, output, _) = await CliRun.RunAsync(
            [.. World(), "enforce.example.test", "testing.example.test", "--expect-policy", expected, "--json"]);

        Assert.Equal(1, exit);
        using var json = JsonDocument.Parse(output);
        var domains = json.RootElement.GetProperty("domains").EnumerateArray().ToList();
        Assert.Equal(["enforce.example.test", "testing.example.test"], domains.Select(d => d.GetProperty("domain").GetString()));
        Assert.False(domains[0].GetProperty("failed").GetBoolean());
        Assert.True(domains[1].GetProperty("failed").GetBoolean());
        Assert.Equal("testing", domains[1].GetProperty("policy").GetProperty("mode").GetString());
        var failed = domains[1].GetProperty("checks").EnumerateArray()
            .Where(c => c.GetProperty("status").GetString() == "fail").Select(c => c.GetProperty("id").GetString()).ToList();
        Assert.Equal(["dns.expected-id", "policy-host.expected-policy"], failed);
    }

    /// <summary>The leading arguments: the verify command with the world's DNS server and CA.</summary>
    private static string[] World()
    {
        var env = TestWorld.Environment();
        return ["verify", "--dns-server", env["DNS"], "--ca-file", env["CA"]];
    }
}
