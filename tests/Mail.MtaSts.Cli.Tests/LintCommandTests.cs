namespace Mail.MtaSts.Cli.Tests;

public class LintCommandTests
{
    [Fact]
    public async Task Valid_policy_file_exits_zero_with_warnings()
    {
        var path = Path.GetTempFileName();
        await File.WriteAllTextAsync(path, "version: STSv1\nmode: enforce\nmx: mx.example.com\nmax_age: 3600\n");
        var (exit, output, _) = await CliRun.RunAsync("lint", "policy", path);
        Assert.Equal(0, exit);
        Assert.Contains("line 4: max_age \"3600\"", output);
        Assert.Contains("policy: valid (1 warning)", output);
    }

    [Fact]
    public async Task Invalid_policy_exits_one_listing_every_problem()
    {
        var path = Path.GetTempFileName();
        await File.WriteAllTextAsync(path, "version: STSv1\nmode: enforce\nmx: *.*.example.com\nmax_age: 99999999999\n");
        var (exit, output, _) = await CliRun.RunAsync("lint", "policy", path);
        Assert.Equal(1, exit);
        Assert.Contains("error: line 3: mx \"*.*.example.com\"", output);
        Assert.Contains("error: line 4: max_age", output);
        Assert.Contains("policy: invalid (2 errors)", output);
    }

    [Fact]
    public async Task Missing_file_is_a_usage_error()
    {
        var (exit, _, error) = await CliRun.RunAsync("lint", "policy", "/nonexistent/policy.txt");
        Assert.Equal(2, exit);
        Assert.Contains("/nonexistent/policy.txt", error);
    }

    [Fact]
    public async Task Several_sts_records_mean_no_policy()
    {
        var (exit, output, _) = await CliRun.RunAsync("lint", "sts-record", "v=STSv1; id=a", "v=STSv1; id=b");
        Assert.Equal(1, exit);
        Assert.Contains("2 TXT records start with \"v=STSv1\"", output);
    }

    [Theory]
    [InlineData("sts-record", "v=STSv1; id=20240101T000000", 0)]
    [InlineData("sts-record", "v=STSv1; id=test-123", 1)]
    [InlineData("tlsrpt-record", "v=TLSRPTv1; rua=mailto:tlsrpt@example.com", 0)]
    [InlineData("tlsrpt-record", "v=TLSRPTv1; rua=http://example.com/", 1)]
    public async Task Record_verdicts(string kind, string txt, int expected) =>
        Assert.Equal(expected, (await CliRun.RunAsync("lint", kind, txt)).Exit);

    [Fact]
    public async Task A_directory_is_not_a_policy_file()
    {
        var directory = Directory.CreateTempSubdirectory("mta-sts-lint-").FullName;
        var (exit, _, error) = await CliRun.RunAsync("lint", "policy", directory);
        Assert.Equal(2, exit);
        Assert.Contains("is a directory", error);
    }

    [Fact]
    public async Task A_quoted_record_pasted_from_dig_is_explained()
    {
        var (exit, output, _) = await CliRun.RunAsync("lint", "sts-record", "\"v=STSv1; id=20240101T000000\"");
        Assert.Equal(1, exit);
        Assert.Contains("quotes", output);
    }

    [Fact]
    public async Task A_repeated_rua_is_a_warning()
    {
        var (exit, output, _) = await CliRun.RunAsync("lint", "tlsrpt-record", "v=TLSRPTv1; rua=mailto:a@example.com; rua=mailto:b@example.com");
        Assert.Equal(0, exit);
        Assert.Contains("warning: rua \"mailto:b@example.com\"", output);
    }
}
