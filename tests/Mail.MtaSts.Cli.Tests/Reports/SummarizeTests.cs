using System.Text.Json;

namespace Mail.MtaSts.Cli.Tests.Reports;

/// <summary><c>mta-sts reports summarize</c> over files, directories, mboxes and Maildirs.</summary>
public class SummarizeTests
{
    [Fact]
    public void The_corpus_is_summarised_as_tables()
    {
        using var work = new Workspace();
        foreach (var file in Workspace.CorpusReports())
        {
            File.Copy(file, work.Path(Path.GetFileName(file)));
        }

        var (exit, output, error) = Cli.Run("reports", "summarize", work.Root);

        Assert.Equal(0, exit);
        Assert.Equal("", error);
        Assert.StartsWith("6 reports (all reports); 0 duplicates counted once; 0 refused.", output);
        Assert.Contains("\n── company-y.example: 5,326 successful, 303 failed sessions (5.4% failed) ──\n", output);
        Assert.Contains("example.com: 0 successful, 5 failed sessions (100.0% failed)", output);
        Assert.Contains("test.xmox.nl: 3 successful, 0 failed sessions (0.0% failed)", output);
        Assert.Contains("cardinalhealth.ca: 48 successful, 0 failed sessions (0.0% failed)", output);
        Assert.Contains("starttls-not-supported │             200", output);
    }

    [Fact]
    public void The_policies_say_whether_failed_sessions_were_delivered_or_refused()
    {
        // The issue's second question: did failed sessions still deliver (testing) or were they refused (enforce, RFC 8461 §5)?
        using var work = new Workspace();
        work.Write("t.json", Workspace.Report("Tester", "1", "2026-11-01", 90, 10, mode: "testing"));
        work.Write("e.json", Workspace.Report("Enforcer", "2", "2026-11-01", 80, 5, mode: "enforce"));
        work.Write("c.json", Workspace.Report("Clean", "3", "2026-11-01", 70, 0, mode: "enforce"));
        var page = work.Path("out", "r.html");
        Directory.CreateDirectory(work.Path("out"));

        var (exit, output, _) = Cli.Run("reports", "summarize", work.Root, "--html", page);

        Assert.Equal(0, exit);
        var rows = output.Split('\n').Where(l => l.Contains("│ sts ")).Select(l => string.Join(" ", l.Split('│', StringSplitOptions.TrimEntries).Where(c => c.Length > 0))).ToList();
        Assert.Contains(rows, r => r.StartsWith("Tester sts testing ") && r.EndsWith(" 10 delivered anyway; enforce would refuse them"));
        Assert.Contains(rows, r => r.StartsWith("Enforcer sts enforce ") && r.EndsWith(" 5 not delivered (enforce)"));
        Assert.Contains(rows, r => r.StartsWith("Clean sts enforce ") && r.EndsWith(" 0 -"));
        var html = File.ReadAllText(page);
        Assert.Contains("<th>Failed sessions were</th>", html);
        Assert.Contains("<td>delivered anyway; enforce would refuse them</td>", html);
        Assert.Contains("<td>not delivered (enforce)</td>", html);
    }

    [Fact]
    public void Json_follows_the_documented_schema_with_the_corpus_totals()
    {
        var files = Workspace.CorpusReports().Order(StringComparer.Ordinal).ToArray();

        var (exit, output, _) = Cli.Run(["reports", "summarize", .. files, "--json"]);

        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal("mta-sts/reports-summary/1", root.GetProperty("schema").GetString());
        Assert.Equal((6, 0, 0), (root.GetProperty("reports").GetInt32(), root.GetProperty("duplicates").GetInt32(), root.GetProperty("rejected").GetInt32()));
        var domains = root.GetProperty("domains").EnumerateArray().ToDictionary(d => d.GetProperty("policyDomain").GetString()!);
        Assert.Equal(["cardinalhealth.ca", "company-y.example", "example.com", "test.xmox.nl"], domains.Keys);
        var rfc = domains["company-y.example"];
        Assert.Equal((5326, 303), (rfc.GetProperty("successfulSessions").GetInt64(), rfc.GetProperty("failedSessions").GetInt64()));
        Assert.Equal(0.053828, rfc.GetProperty("failureRate").GetDouble());
        Assert.Equal(
            ["starttls-not-supported=200", "certificate-expired=100", "validation-failure=3"],
            rfc.GetProperty("failuresByResultType").EnumerateArray().Select(c => $"{c.GetProperty("resultType").GetString()}={c.GetProperty("sessions").GetInt64()}"));
        Assert.Equal(
            ["2001:db8:abcd:13::1", "2001:db8:abcd:12::1", "198.51.100.62"],
            rfc.GetProperty("failuresBySendingIp").EnumerateArray().Select(c => c.GetProperty("sendingIp").GetString()));
        var policy = Assert.Single(rfc.GetProperty("policies").EnumerateArray());
        Assert.Equal(("Company-X", "sts", "testing", 32), (policy.GetProperty("organization").GetString(), policy.GetProperty("policyType").GetString(), policy.GetProperty("mode").GetString(), policy.GetProperty("policyId").GetString()!.Length));
        var reporters = domains["example.com"].GetProperty("reporters").EnumerateArray().Select(r => r.GetProperty("organization").GetString()).Order(StringComparer.Ordinal);
        Assert.Equal(["Example Inc.", "Mail.ru", "Reporter Example"], reporters);
        Assert.Contains(root.GetProperty("notes").EnumerateArray(), n => n.GetProperty("organization").GetString() == "Google Inc." && n.GetProperty("field").GetString() == "policies[*].policy.mx-host");
    }

    [Fact]
    public void A_malformed_file_and_a_duplicate_do_not_stop_the_batch()
    {
        using var work = new Workspace();
        work.Write("a.json", Workspace.Report("Sender", "r-1", "2026-11-01", 90, 10));
        work.Write("a-again.json.gz", Workspace.Gzip(Workspace.Report("Sender", "r-1", "2026-11-01", 90, 10)));
        work.Write("b.json", Workspace.Report("Sender", "r-2", "2026-11-02", 50, 0).Replace("\"total-successful-session-count\":50", "\"total-successful-session-count\":\"many\""));
        work.Write("c.json.gz", Workspace.Gzip(Workspace.Report("Sender", "r-3", "2026-11-03", 40, 2)));

        var (exit, output, error) = Cli.Run("reports", "summarize", work.Root, "--json");

        Assert.Equal(1, exit);
        using var json = JsonDocument.Parse(output);
        Assert.Equal((2, 1, 1), (json.RootElement.GetProperty("reports").GetInt32(), json.RootElement.GetProperty("duplicates").GetInt32(), json.RootElement.GetProperty("rejected").GetInt32()));
        var domain = json.RootElement.GetProperty("domains")[0];
        Assert.Equal((130, 12), (domain.GetProperty("successfulSessions").GetInt64(), domain.GetProperty("failedSessions").GetInt64()));
        Assert.Equal(
            $"refused: {work.Path("b.json")}: policies[0].summary.total-successful-session-count \"many\": must be a non-negative integer (RFC 8460 §4.4)\n",
            error.Replace("\r\n", "\n"));
    }

    [Fact]
    public void A_report_with_text_that_is_not_unicode_is_refused_and_the_batch_goes_on()
    {
        using var work = new Workspace();
        work.Write("a.json", Workspace.Report("Sender", "r-1", "2026-11-01", 90, 10));
        work.Write("b.json", Workspace.Report("Sender\\ud800", "r-2", "2026-11-02", 50, 0));
        work.Write("c.json", Workspace.Report("Sender", "r-3", "2026-11-03", 40, 2));

        var (exit, output, error) = Cli.Run("reports", "summarize", work.Root, "--json");

        Assert.Equal(1, exit);
        using var json = JsonDocument.Parse(output);
        Assert.Equal((2, 1), (json.RootElement.GetProperty("reports").GetInt32(), json.RootElement.GetProperty("rejected").GetInt32()));
        Assert.StartsWith($"refused: {work.Path("b.json")}: organization-name ", error);
    }

    [Fact]
    public void Control_characters_from_reports_never_reach_the_terminal()
    {
        // An escape sequence in a report could clear the screen or retitle the terminal of whoever reads the table.
        using var work = new Workspace();
        work.Write("a.json", Workspace.Report("Evil\\u001b[2J\\u001b]0;owned\\u0007 Org", "r-1", "2026-11-01", 9, 1));
        work.Write("b.json", Workspace.Report("Sender", "r-2", "2026-11-02", 5, 0).Replace("\"policy-type\":\"sts\"", "\"policy-type\":\"\\u001b[31msts\""));

        var (exit, output, error) = Cli.Run("reports", "summarize", work.Root);

        Assert.Equal(1, exit);
        Assert.Contains("Evil", output);
        Assert.Contains("[2J", output);
        Assert.Contains("policy-type", error);
        Assert.DoesNotContain(output + error, c => char.IsControl(c) && c is not '\n' and not '\r');
    }

    [Fact]
    public void A_directory_link_back_up_the_tree_is_not_followed()
    {
        // Followed, the loop read the report 40 times (39 "duplicates") and ended in a refusal, "too many levels of symbolic links".
        using var work = new Workspace();
        work.Write("reports/r.json", Workspace.Report("Sender", "r-1", "2026-11-01", 5, 0));
        Directory.CreateSymbolicLink(work.Path("reports", "again"), work.Path("reports"));

        var (exit, output, error) = Cli.Run("reports", "summarize", work.Root, "--json");

        Assert.Equal("", error);
        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(output);
        Assert.Equal((1, 0, 0), (json.RootElement.GetProperty("reports").GetInt32(), json.RootElement.GetProperty("duplicates").GetInt32(), json.RootElement.GetProperty("rejected").GetInt32()));
    }

    [Fact]
    public void Report_files_in_a_folder_named_new_are_read_by_their_content()
    {
        // A folder with new/ was taken for a Maildir and each file in it for an e-mail message: JSON and gzip reports were refused.
        using var work = new Workspace();
        work.Write("tlsrpt/new/a.json", Workspace.Report("Sender", "n-1", "2026-11-01", 5, 0));
        work.Write("tlsrpt/new/b.json.gz", Workspace.Gzip(Workspace.Report("Sender", "n-2", "2026-11-02", 6, 1)));
        work.Write("tlsrpt/new/c.eml", Workspace.Message(Workspace.Report("Sender", "n-3", "2026-11-03", 7, 0), "n-3"));

        var (exit, output, error) = Cli.Run("reports", "summarize", work.Path("tlsrpt"), "--json");

        Assert.Equal("", error);
        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(output);
        Assert.Equal((3, 18L), (json.RootElement.GetProperty("reports").GetInt32(), json.RootElement.GetProperty("domains")[0].GetProperty("successfulSessions").GetInt64()));
    }

    [Fact]
    public void Mbox_and_maildir_inputs_are_read_message_by_message()
    {
        using var work = new Workspace();
        var first = Workspace.Message(Workspace.Report("Sender", "m-1", "2026-11-01", 10, 1), "m-1");
        var second = Workspace.Message(Workspace.Report("Sender", "m-2", "2026-11-02", 20, 2, "sts-webpki-invalid"), "m-2");
        work.Write("inbox.mbox", $"From sender Mon Nov  2 10:00:00 2026\n{first}\nFrom sender Tue Nov  3 10:00:00 2026\n{second}\n");
        work.Write("Maildir/cur/1793577600.M1P1.host:2,S", Workspace.Message(Workspace.Report("Other", "d-1", "2026-11-03", 30, 3, "dane-required"), "d-1"));
        work.Write("Maildir/new/1793664000.M2P1.host", Workspace.Message(Workspace.Report("Other", "d-2", "2026-11-04", 40, 4, "tlsa-invalid"), "d-2"));
        work.Write("Maildir/tmp/1793664001.M3P1.host", "partial delivery");

        var (exit, output, error) = Cli.Run("reports", "summarize", work.Path("inbox.mbox"), work.Path("Maildir"), "--json");

        Assert.Equal("", error);
        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(output);
        Assert.Equal(4, json.RootElement.GetProperty("reports").GetInt32());
        var domain = json.RootElement.GetProperty("domains")[0];
        Assert.Equal(
            ["2026-11-01 10/1", "2026-11-02 20/2", "2026-11-03 30/3", "2026-11-04 40/4"],
            domain.GetProperty("days").EnumerateArray().Select(d => $"{d.GetProperty("day").GetString()} {d.GetProperty("successfulSessions").GetInt64()}/{d.GetProperty("failedSessions").GetInt64()}"));
        Assert.Empty(json.RootElement.GetProperty("notes").EnumerateArray());
    }

    [Fact]
    public void Domain_and_dates_filter_the_reports()
    {
        using var work = new Workspace();
        work.Write("1.json", Workspace.Report("Sender", "1", "2026-11-01", 1, 0));
        work.Write("2.json", Workspace.Report("Sender", "2", "2026-11-02", 2, 0));
        work.Write("3.json", Workspace.Report("Sender", "3", "2026-11-03", 4, 0));

        var (_, inRange, _) = Cli.Run("reports", "summarize", work.Root, "--since", "2026-11-02", "--until", "2026-11-02", "--json", "--domain", "Example.COM");
        var (_, otherDomain, _) = Cli.Run("reports", "summarize", work.Root, "--domain", "example.org", "--json");

        using var json = JsonDocument.Parse(inRange);
        Assert.Equal(2, json.RootElement.GetProperty("domains")[0].GetProperty("successfulSessions").GetInt64());
        Assert.Equal("example.com", json.RootElement.GetProperty("filter").GetProperty("domain").GetString());
        Assert.Equal("2026-11-02", json.RootElement.GetProperty("filter").GetProperty("since").GetString());
        Assert.Equal(2, json.RootElement.GetProperty("leftOut").GetInt32());
        using var none = JsonDocument.Parse(otherDomain);
        Assert.Equal((0, 3), (none.RootElement.GetProperty("reports").GetInt32(), none.RootElement.GetProperty("leftOut").GetInt32()));
    }

    [Fact]
    public void A_filter_that_leaves_nothing_says_what_was_read()
    {
        // A mistyped --domain must not look like "no reports arrived".
        using var work = new Workspace();
        work.Write("1.json", Workspace.Report("Sender", "1", "2026-11-01", 1, 0));
        work.Write("2.json", Workspace.Report("Sender", "2", "2026-11-03", 2, 0));

        var page = Path.Combine(Path.GetTempPath(), $"mtasts-empty-{Guid.NewGuid():N}.html");
        var (exit, output, error) = Cli.Run("reports", "summarize", work.Root, "--domain", "exmaple.com", "--html", page);
        var (_, late, _) = Cli.Run("reports", "summarize", work.Root, "--since", "2026-12-01");
        var html = File.ReadAllText(page);
        File.Delete(page);

        Assert.Equal((0, ""), (exit, error));
        Assert.Equal(
            "0 reports (domain exmaple.com), 2 more read outside it; 0 duplicates counted once; 0 refused.\n" +
            "No report is inside the filter (domain exmaple.com): the 2 reports read are about example.com, from 2026-11-01 to 2026-11-03.\n",
            output);
        Assert.Contains("No report is inside the filter (since 2026-12-01): the 2 reports read are about example.com, from 2026-11-01 to 2026-11-03.", late);
        Assert.Contains("<span id=\"reports\">0</span> reports (domain exmaple.com), <span id=\"left-out\">2</span> more read outside it;", html);
        Assert.Contains("<p>No report is inside the filter (domain exmaple.com): the 2 reports read are about example.com, from 2026-11-01 to 2026-11-03.</p>", html);
    }

    [Theory]
    [InlineData(new string[0], "<inputs>")]
    [InlineData(new[] { "{dir}/missing.json" }, "<inputs> \"{dir}/missing.json\"")]
    [InlineData(new[] { "{dir}", "--since", "2026-13-01" }, "--since \"2026-13-01\"")]
    [InlineData(new[] { "{dir}", "--until", "yesterday" }, "--until \"yesterday\"")]
    [InlineData(new[] { "{dir}", "--since", "2026-11-05", "--until", "2026-11-01" }, "--since \"2026-11-05\" is after --until \"2026-11-01\": --since must be on or before --until")]
    [InlineData(new[] { "{dir}", "--bogus" }, "unknown option \"--bogus\"; the options are --domain, --since, --until, --json, --html")]
    [InlineData(new[] { "{dir}", "-x", "--json" }, "unknown option \"-x\"")]
    [InlineData(new[] { "{dir}", "--domain", "exa mple.com" }, "--domain \"exa mple.com\"")]
    [InlineData(new[] { "{dir}", "--html", "{dir}/no/such/dir/r.html" }, "--html \"{dir}/no/such/dir/r.html\"")]
    public void Usage_errors_exit_2_naming_the_argument(string[] args, string named)
    {
        using var work = new Workspace();
        work.Write("r.json", Workspace.Report("Sender", "1", "2026-11-01", 1, 0));

        var (exit, output, error) = Cli.Run(["reports", "summarize", .. args.Select(a => a.Replace("{dir}", work.Root))]);

        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.StartsWith($"mta-sts reports summarize: {named.Replace("{dir}", work.Root)}", error);
    }

    [Theory]
    [InlineData("bad..name")]
    [InlineData("exa mple.com")]
    public void A_domain_that_is_no_domain_name_is_refused_with_the_rule_broken(string domain)
    {
        var (exit, _, error) = Cli.Run("reports", "summarize", Workspace.Corpus("parsedmarc-rfc8460.json"), "--domain", domain);

        Assert.Equal(2, exit);
        Assert.Matches($@"^mta-sts reports summarize: --domain ""{System.Text.RegularExpressions.Regex.Escape(domain)}"": .+ \(RFC \d+ §[\d.]+\)", error);
    }

    [Fact]
    public void Help_names_what_each_option_takes()
    {
        var (exit, output, _) = Cli.Run("reports", "summarize", "--help");

        Assert.Equal(0, exit);
        Assert.Contains("--domain <DOMAIN>", output);
        Assert.Contains("--since <DATE>", output);
        Assert.Contains("--until <DATE>", output);
        Assert.Contains("--html <FILE>", output);
    }

    [Fact]
    public void An_option_without_its_value_is_a_usage_error_naming_it()
    {
        var (exit, output, error) = Cli.Run("reports", "summarize", Workspace.Corpus("parsedmarc-rfc8460.json"), "--domain");

        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Contains("--domain", error);
    }

    [Fact]
    public void A_file_that_cannot_be_opened_is_refused_and_the_rest_is_read()
    {
        using var work = new Workspace();
        work.Write("a.json", Workspace.Report("Sender", "1", "2026-11-01", 5, 0));
        File.CreateSymbolicLink(work.Path("b.json"), work.Path("gone.json"));

        var (exit, output, error) = Cli.Run("reports", "summarize", work.Root, "--json");

        Assert.Equal(1, exit);
        using var json = JsonDocument.Parse(output);
        Assert.Equal((1, 1), (json.RootElement.GetProperty("reports").GetInt32(), json.RootElement.GetProperty("rejected").GetInt32()));
        Assert.StartsWith($"refused: {work.Path("b.json")}: (file) ", error);
    }
}
