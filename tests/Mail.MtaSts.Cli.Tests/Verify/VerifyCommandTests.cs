using System.Net;
using System.Text.Json;
using Mail.MtaSts.Verification.Tests.Loopback;

namespace Mail.MtaSts.Cli.Tests.Verify;

/// <summary>
/// <c>mta-sts verify</c> end to end in process: usage errors exit 2 and name the argument; a domain whose servers are
/// down exits 1 with a report in the documented JSON schema; a domain list is read from <c>--file</c>.
/// </summary>
public sealed class VerifyCommandTests : IDisposable
{
    // 127.0.0.9 is on loopback and has no servers: connections are refused at once.
    private readonly LoopbackDns dns = new LoopbackDns()
        .Txt("_mta-sts.down.test", "v=STSv1; id=1")
        .A("mta-sts.down.test", IPAddress.Parse("127.0.0.9"))
        .Mx("down.test", 10, "mx.down.test")
        .A("mx.down.test", IPAddress.Parse("127.0.0.9"))
        .Txt("_smtp-tlsrpt.down.test", "v=TLSRPTv1; rua=mailto:r@down.test");

    public void Dispose() => dns.Dispose();

    [Theory]
    [InlineData("--dns-server", "not-an-ip", "--dns-server \"not-an-ip\": expected IP or IP:PORT")]
    [InlineData("--dns-server", "0.0.0.0", "--dns-server \"0.0.0.0\": expected the address and port of a DNS server: 0.0.0.0 and :: are no destination")]
    [InlineData("--dns-server", "[::]:53", "--dns-server \"[::]:53\": expected the address and port of a DNS server: 0.0.0.0 and :: are no destination")]
    [InlineData("--dns-server", "127.0.0.1:0", "--dns-server \"127.0.0.1:0\": expected the address and port of a DNS server: 0.0.0.0 and :: are no destination (RFC 1122 §3.2.1.3, RFC 4291 §2.5.2) and port 0 is reserved (RFC 6335 §6)")]
    [InlineData("--timeout", "soon", "--timeout \"soon\": expected a positive duration")]
    [InlineData("--timeout", "0s", "--timeout \"0s\": expected a positive duration")]
    [InlineData("--timeout", "0.00000001s", "--timeout \"0.00000001s\": expected a positive duration")]
    [InlineData("--concurrency", "0", "--concurrency \"0\": expected a whole number of domains, at least 1")]
    [InlineData("--concurrency", "abc", "--concurrency \"abc\": expected a whole number of domains, at least 1")]
    [InlineData("--timeout", "61m", "--timeout \"61m\": expected a positive duration up to 1 h")]
    [InlineData("--ca-file", "/nonexistent/ca.pem", "--ca-file \"/nonexistent/ca.pem\":")]
    [InlineData("--expect-policy", "/nonexistent/policy.txt", "--expect-policy \"/nonexistent/policy.txt\":")]
    public async Task A_bad_option_value_is_a_usage_error_naming_the_option(string option, string value, string expected)
    {
        var (exit, output, error) = await CliRun.RunAsync("verify", "example.com", option, value);

        Assert.Equal(2, exit);
        Assert.Contains(expected, error);
        Assert.Equal("", output);
    }

    [Fact]
    public async Task A_bad_domain_is_a_usage_error_naming_the_argument_and_value()
    {
        var (exit, _, error) = await CliRun.RunAsync("verify", "example.com", "exa mple.com");

        Assert.Equal(2, exit);
        Assert.Contains("argument <domain>:", error);
        Assert.Contains("exa mple.com", error);
    }

    [Fact]
    public async Task An_unknown_option_is_named_as_such_not_called_a_bad_domain()
    {
        var (exit, output, error) = await CliRun.RunAsync("verify", "example.com", "--dns-sever", "127.0.0.1");

        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Contains("\"--dns-sever\": not an option of mta-sts verify (see mta-sts verify --help)", error);
        Assert.DoesNotContain("label", error);
    }

    [Fact]
    public async Task A_timeout_in_hours_is_accepted()
    {
        var (exit, output, error) = await CliRun.RunAsync(
            "verify", "down.test", "--dns-server", dns.Endpoint.ToString(), "--timeout", "1h", "--no-smtp", "--json");

        Assert.True(exit == 1, error);
        Assert.Contains("\"policy-host.connect\"", output);
    }

    [Fact]
    public async Task An_expected_policy_that_is_no_policy_is_a_usage_error_naming_the_line_and_rule()
    {
        var file = Path.GetTempFileName();
        try
        {
            // A file that is no policy cannot be what a domain should serve: refuse it before any lookup.
            await File.WriteAllTextAsync(file, "version: STSv1\nmode: enforced\nmx: mx.example.com\nmax_age: 86400\n");

            var (exit, output, error) = await CliRun.RunAsync("verify", "example.com", "--expect-policy", file);

            Assert.Equal(2, exit);
            Assert.Equal("", output);
            Assert.Contains($"--expect-policy \"{file}\": not a valid policy: line 2: mode \"enforced\"", error);
            Assert.Contains("RFC 8461 §3.2", error);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task A_domain_file_with_only_comments_is_a_usage_error_naming_the_file()
    {
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(file, "# nothing yet\n\n   \n");

            var (exit, _, error) = await CliRun.RunAsync("verify", "--file", file);

            Assert.Equal(2, exit);
            Assert.Contains($"--file \"{file}\": no domain in the file (only blank lines and # comments)", error);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData("--file", "a file with one domain per line")]
    [InlineData("--ca-file", "a PEM file of CA certificates")]
    [InlineData("--expect-policy", "the policy file")]
    public async Task A_directory_given_as_a_file_is_called_a_directory(string option, string expected)
    {
        var directory = Directory.CreateTempSubdirectory().FullName;
        try
        {
            var (exit, _, error) = await CliRun.RunAsync("verify", "example.com", option, directory);

            Assert.Equal(2, exit);
            Assert.Contains($"{option} \"{directory}\": is a directory; expected {expected}", error);
        }
        finally
        {
            Directory.Delete(directory);
        }
    }

    [Fact]
    public async Task A_domain_list_with_case_trailing_dots_IDNs_and_duplicates_is_verified_once_per_domain()
    {
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(file, "\uFEFFDown.TEST\r\n\r\n# a comment\r\ndown.test.  # again\r\n  bücher.test\r\nxn--bcher-kva.test\r\n");

            var (exit, output, error) = await CliRun.RunAsync(
                "verify", "--file", file, "--dns-server", dns.Endpoint.ToString(), "--timeout", "5s", "--no-smtp", "--json");

            Assert.True(exit == 1, error);
            using var json = JsonDocument.Parse(output);
            var domains = json.RootElement.GetProperty("domains").EnumerateArray().Select(d => d.GetProperty("domain").GetString());
            Assert.Equal(["down.test", "xn--bcher-kva.test"], domains);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData("postmaster@example.com", "argument <domain> \"postmaster@example.com\": an email address; give its mail domain, the part after @ (\"example.com\")")]
    [InlineData("https://example.com/", "argument <domain> \"https://example.com/\": a URL; give the mail domain alone, without scheme, port or path")]
    [InlineData("192.0.2.1", "argument <domain> \"192.0.2.1\": an IP address, not a domain name; MTA-STS policies are found by domain name (RFC 8461 §3)")]
    [InlineData("[2001:db8::1]", "argument <domain> \"[2001:db8::1]\": an IP address, not a domain name; MTA-STS policies are found by domain name (RFC 8461 §3)")]
    public async Task A_common_slip_in_a_domain_argument_is_named_with_what_to_give_instead(string value, string expected)
    {
        var (exit, output, error) = await CliRun.RunAsync("verify", value);

        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Contains(expected, error);
    }

    [Fact]
    public async Task No_domain_at_all_is_a_usage_error()
    {
        var (exit, _, error) = await CliRun.RunAsync("verify");

        Assert.Equal(2, exit);
        Assert.Contains("give at least one domain", error);
    }

    [Fact]
    public async Task A_domain_whose_servers_are_down_exits_1_with_a_json_report()
    {
        var (exit, output, _) = await CliRun.RunAsync(
            "verify", "down.test", "--dns-server", dns.Endpoint.ToString(), "--timeout", "5s", "--json");

        Assert.Equal(1, exit);
        // Read by people and grep too: "§" and ">" as themselves, not \u00A7 and \u003E.
        Assert.Contains("\"section\": \"RFC 8461 §3.3\"", output);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal("mta-sts-verify/1", root.GetProperty("schema").GetString());
        Assert.True(root.GetProperty("failed").GetBoolean());
        var domain = Assert.Single(root.GetProperty("domains").EnumerateArray());
        Assert.Equal("down.test", domain.GetProperty("domain").GetString());
        Assert.Equal(JsonValueKind.Null, domain.GetProperty("policy").ValueKind);
        var checks = domain.GetProperty("checks").EnumerateArray().ToList();
        var connect = Assert.Single(checks, c => c.GetProperty("id").GetString() == "policy-host.connect");
        Assert.Equal("fail", connect.GetProperty("status").GetString());
        Assert.Equal("policy-host", connect.GetProperty("area").GetString());
        Assert.Contains("127.0.0.9:443", connect.GetProperty("message").GetString());
        Assert.Equal("RFC 8461 §3.3", connect.GetProperty("section").GetString());
        var legacy = Assert.Single(checks, c => c.GetProperty("id").GetString() == "tlsrpt.record");
        Assert.Equal("warn", legacy.GetProperty("status").GetString());
        Assert.Contains("_smtp-tlsrpt.down.test", legacy.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Domains_come_from_a_file_and_the_text_report_keeps_their_order()
    {
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(file, "# domains to check\nnothing.test\n\ndown.test  # the down one\n");

            var (exit, output, _) = await CliRun.RunAsync(
                "verify", "--file", file, "--dns-server", dns.Endpoint.ToString(), "--timeout", "5s", "--no-smtp");

            Assert.Equal(1, exit);
            var nothing = output.IndexOf("FAIL nothing.test", StringComparison.Ordinal);
            var down = output.IndexOf("FAIL down.test", StringComparison.Ordinal);
            Assert.True(nothing >= 0 && down > nothing, output);
            Assert.Contains("no TXT record at _mta-sts.nothing.test", output);
            // The readable report names each check's id, as the JSON does, so a line can be matched with it.
            Assert.Contains("FAIL dns.mta-sts-record: no TXT record at _mta-sts.nothing.test", output);
            Assert.Contains("mx.down.test: SMTP checks turned off", output);
            Assert.Contains("2 of 2 domains failed", output);
            Assert.DoesNotContain('\x1b', output); // not a terminal: no colours, no progress bar
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task A_long_check_line_is_not_wrapped_when_the_output_is_not_a_terminal()
    {
        // Piped text is read by grep and logs: one check, one line, however long the domain makes it.
        var label = new string('a', 60);
        var domain = $"{label}.{label}.{label}.long.test";

        var (exit, output, _) = await CliRun.RunAsync(
            "verify", domain, "--dns-server", dns.Endpoint.ToString(), "--timeout", "5s", "--no-smtp");

        Assert.Equal(1, exit);
        Assert.Contains($"\n    FAIL dns.mta-sts-record: no TXT record at _mta-sts.{domain} (RFC 8461 §3.1)\n", output.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task A_bad_line_in_the_file_is_a_usage_error_naming_file_and_line()
    {
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(file, "good.test\nbad..test\n");

            var (exit, _, error) = await CliRun.RunAsync("verify", "--file", file);

            Assert.Equal(2, exit);
            Assert.Contains($"--file {file} line 2:", error);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
