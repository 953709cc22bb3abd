using System.Text.Json;

namespace Mail.MtaSts.Cli.Tests;

public class PlanCommandTests
{
    [Fact]
    public async Task Prints_policy_records_and_steps_in_order()
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
    public async Task Json_carries_the_exact_policy_and_its_id()
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

    [Fact]
    public async Task Warnings_name_the_command_line_option_like_errors_do()
    {
        // No --rua: the plan warns that no TLS-RPT reports will come; the user typed --rua, not the settings' "rua".
        var (exit, output, _) = await CliRun.RunAsync("plan", "--domain", "example.com", "--mx", "mx1.example.com");
        Assert.Equal(0, exit);
        Assert.Contains("warning: --rua \"\": no TLS-RPT report URI", output);

        (exit, output, _) = await CliRun.RunAsync("plan", "--domain", "example.com", "--mx", "mx1.example.com", "--json");
        Assert.Equal(0, exit);
        var warning = Assert.Single(JsonDocument.Parse(output).RootElement.GetProperty("warnings").EnumerateArray()).GetString();
        Assert.StartsWith("warning: --rua \"\":", warning);
    }

    [Theory]
    [InlineData("--max-age", "9x", "--max-age \"9x\"")]
    [InlineData("--max-age", "31557601", "--max-age \"31557601\"")]
    [InlineData("--mode", "strict", "strict")]
    public async Task Bad_arguments_are_usage_errors_naming_the_argument(string option, string value, string named)
    {
        var (exit, _, error) = await CliRun.RunAsync("plan", "--domain", "example.com", "--mx", "mx.example.com", option, value);
        Assert.Equal(2, exit);
        Assert.Contains(named, error);
    }

    [Fact]
    public async Task Settings_breaking_a_rule_are_usage_errors_with_the_rfc_section()
    {
        var (exit, output, error) = await CliRun.RunAsync("plan", "--domain", "example.com", "--mx", "mx.*.example.com", "--mode", "enforce");
        Assert.Equal(2, exit);
        Assert.Empty(output);
        Assert.Contains("mx.*.example.com", error);
        Assert.Contains("RFC 8461 §3.2, §4.1", error);
    }

    [Fact]
    public async Task Missing_domain_is_a_usage_error()
    {
        var (exit, _, error) = await CliRun.RunAsync("plan", "--mx", "mx.example.com");
        Assert.Equal(2, exit);
        Assert.Contains("--domain", error);
    }

    [Fact]
    public async Task Out_writes_the_exact_policy_bytes_and_the_worker()
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

    [Theory]
    [InlineData("Enforce")]
    [InlineData("strict")]
    public async Task A_bad_mode_names_the_option_the_value_and_the_rfc(string mode)
    {
        var (exit, output, error) = await CliRun.RunAsync("plan", "--domain", "example.com", "--mx", "mx.example.com", "--mode", mode);
        Assert.Equal(2, exit);
        Assert.Empty(output);
        Assert.Contains($"--mode \"{mode}\"", error);
        Assert.Contains("RFC 8461 §3.2", error);
    }

    [Theory]
    [InlineData("--domain", "192.0.2.1", "--domain \"192.0.2.1\"")]
    [InlineData("--mx", "*.*.example.com", "--mx \"*.*.example.com\"")]
    [InlineData("--rua", "http://r.example.com/", "--rua \"http://r.example.com/\"")]
    public async Task Rule_errors_name_the_command_line_option(string option, string value, string named)
    {
        string[] args = option == "--domain"
            ? ["plan", "--domain", value, "--mx", "mx.example.com"]
            : ["plan", "--domain", "example.com", "--mx", "mx.example.com", option, value];
        var (exit, _, error) = await CliRun.RunAsync(args);
        Assert.Equal(2, exit);
        Assert.Contains(named, error);
    }

    [Fact]
    public async Task No_mx_names_the_missing_option()
    {
        var (exit, _, error) = await CliRun.RunAsync("plan", "--domain", "example.com", "--mode", "enforce");
        Assert.Equal(2, exit);
        Assert.Contains("--mx", error);
        Assert.Contains("RFC 8461 §3.2", error);
    }

    [Fact]
    public async Task Out_blocked_by_a_file_is_a_usage_error_not_a_crash()
    {
        var file = Path.GetTempFileName();
        var (exit, output, error) = await CliRun.RunAsync("plan", "--domain", "example.com", "--mx", "mx1.example.com", "--out", Path.Combine(file, "site"));
        Assert.Equal(2, exit);
        Assert.Empty(output);
        Assert.Contains("--out", error);
        Assert.Contains(file, error);
    }

    [Fact]
    public async Task Out_where_the_policy_path_is_a_directory_is_a_usage_error()
    {
        var directory = Directory.CreateTempSubdirectory("mta-sts-plan-").FullName;
        Directory.CreateDirectory(Path.Combine(directory, ".well-known", "mta-sts.txt"));
        var (exit, _, error) = await CliRun.RunAsync("plan", "--domain", "example.com", "--mx", "mx1.example.com", "--out", directory);
        Assert.Equal(2, exit);
        Assert.Contains("--out", error);
        Assert.Contains("mta-sts.txt", error);
    }

    [Fact]
    public async Task Out_into_an_existing_directory_replaces_an_old_policy()
    {
        var directory = Directory.CreateTempSubdirectory("mta-sts-plan-").FullName;
        var policy = Path.Combine(directory, ".well-known", "mta-sts.txt");
        Directory.CreateDirectory(Path.GetDirectoryName(policy)!);
        await File.WriteAllTextAsync(policy, "version: STSv1\nmode: testing\nmx: old.example.com\nmax_age: 86400\n\n\nleftover tail that is longer");
        var (exit, _, _) = await CliRun.RunAsync("plan", "--domain", "example.com", "--mx", "mx1.example.com", "--out", directory);
        Assert.Equal(0, exit);
        Assert.Equal("version: STSv1\nmode: testing\nmx: mx1.example.com\nmax_age: 604800\n", await File.ReadAllTextAsync(policy));
    }

    [Fact]
    public async Task Json_keeps_quotes_and_section_signs_readable()
    {
        var (_, output, _) = await CliRun.RunAsync("plan", "--domain", "example.com", "--mx", "mx1.example.com", "--json");
        Assert.Contains("\"section\": \"RFC 8461 §3.1, §8.1\"", output);
        Assert.Contains("\\\"v=STSv1; id=", output);
        Assert.DoesNotContain("\\u00", output);
    }

    [Fact]
    public async Task A_parse_error_points_at_the_subcommands_help()
    {
        var (exit, _, error) = await CliRun.RunAsync("plan", "--domain", "example.com", "--max-age", "1.5d");
        Assert.Equal(2, exit);
        Assert.Contains("Run 'mta-sts plan --help' for usage.", error);
    }
}
