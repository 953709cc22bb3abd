using System.Text.Json;

namespace Mail.MtaSts.Cli.Tests;

public class PlanCommandTests
{
    [Fact]
    public async Task PrintsPolicyRecordsAndStepsInOrder()
    {
        var (exit, output, _) = await CliRun.RunAsync(
            "plan", "--domain", "example.com", "--mx", "mx1.example.com", "--mx", "*.mail.protection.outlook.com",
            "--mode", "enforce", "--max-age", "2w", "--rua", "mailto:tlsrpt@example.com");
        Assert.Equal(0, exit);
        Assert.Contains("version: STSv1\nmode: enforce\nmx: mx1.example.com\nmx: *.mail.protection.outlook.com\nmax_age: 1209600\n", output);
        Assert.Contains("_mta-sts.example.com", output);
        Assert.Contains("v=TLSRPTv1; rua=mailto:tlsrpt@example.com", output);
        Assert.Contains("1. Publish TXT _smtp._tls.example.com", output);
        Assert.True(output.IndexOf("3. Serve https://mta-sts.example.com/.well-known", StringComparison.Ordinal) is > 0 and var serve &&
                    output.IndexOf("4. Only then publish TXT _mta-sts.example.com", StringComparison.Ordinal) > serve);
    }

    [Fact]
    public async Task JsonCarriesTheExactPolicyAndItsId()
    {
        var (exit, output, _) = await CliRun.RunAsync("plan", "--domain", "example.com", "--mx", "mx1.example.com", "--json");
        Assert.Equal(0, exit);
        var json = JsonDocument.Parse(output).RootElement;
        var policy = json.GetProperty("policy").GetString()!;
        Assert.Equal(PolicyId.ForPolicy(System.Text.Encoding.ASCII.GetBytes(policy)).Value, json.GetProperty("policyId").GetString());
        Assert.Equal("testing", json.GetProperty("mode").GetString());
        Assert.Equal(604800, json.GetProperty("maxAge").GetInt64());
        var record = json.GetProperty("records")[0];
        Assert.Equal("_mta-sts.example.com", record.GetProperty("name").GetString());
        Assert.Equal("publish-policy-record", json.GetProperty("steps").EnumerateArray().Last().GetProperty("name").GetString());
    }

    [Theory]
    [InlineData("--max-age", "9x", "--max-age \"9x\"")]
    [InlineData("--max-age", "31557601", "--max-age \"31557601\"")]
    [InlineData("--mode", "strict", "strict")]
    public async Task BadArgumentsAreUsageErrorsNamingTheArgument(string option, string value, string named)
    {
        var (exit, _, error) = await CliRun.RunAsync("plan", "--domain", "example.com", "--mx", "mx.example.com", option, value);
        Assert.Equal(2, exit);
        Assert.Contains(named, error);
    }

    [Fact]
    public async Task SettingsBreakingARuleAreUsageErrorsWithTheRfcSection()
    {
        var (exit, output, error) = await CliRun.RunAsync("plan", "--domain", "example.com", "--mx", "mx.*.example.com", "--mode", "enforce");
        Assert.Equal(2, exit);
        Assert.Empty(output);
        Assert.Contains("mx.*.example.com", error);
        Assert.Contains("RFC 8461 §3.2, §4.1", error);
    }

    [Fact]
    public async Task MissingDomainIsAUsageError()
    {
        var (exit, _, error) = await CliRun.RunAsync("plan", "--mx", "mx.example.com");
        Assert.Equal(2, exit);
        Assert.Contains("--domain", error);
    }

    [Fact]
    public async Task OutWritesTheExactPolicyBytesAndTheWorker()
    {
        var directory = Directory.CreateTempSubdirectory("mta-sts-plan-").FullName;
        var (exit, output, _) = await CliRun.RunAsync("plan", "--domain", "example.com", "--mx", "mx1.example.com", "--json", "--out", directory);
        Assert.Equal(0, exit);
        var policy = await File.ReadAllBytesAsync(Path.Combine(directory, ".well-known", "mta-sts.txt"));
        var json = JsonDocument.Parse(output).RootElement;
        Assert.Equal(json.GetProperty("policy").GetString(), System.Text.Encoding.ASCII.GetString(policy));
        Assert.Equal(json.GetProperty("policyId").GetString(), PolicyId.ForPolicy(policy).Value);
        Assert.Contains(Convert.ToBase64String(policy), await File.ReadAllTextAsync(Path.Combine(directory, "worker.js")));
    }
}
