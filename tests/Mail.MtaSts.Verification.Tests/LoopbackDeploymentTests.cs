using System.Text;
using Mail.MtaSts.Verification.Tests.Loopback;

namespace Mail.MtaSts.Verification.Tests;

/// <summary>
/// Well-behaved in-process servers (an HTTPS policy host and a STARTTLS MX signed by a test CA): the verifier passes
/// a correct deployment and names exactly what is wrong with a wrong MX certificate, a stale policy or an old id.
/// </summary>
public sealed class LoopbackDeploymentTests : IDisposable
{
    private const string Name = "good.test";
    private readonly LoopbackDomain domain;

    public LoopbackDeploymentTests()
    {
        domain = new LoopbackDomain(Name, "v=STSv1; id=" + PolicyId.ForPolicy(Encoding.ASCII.GetBytes(Enforce)).Value);
        domain.Dns.Txt("_smtp._tls." + Name, "v=TLSRPTv1; rua=mailto:tlsrpt@good.test");
    }

    private static string Enforce => $"version: STSv1\r\nmode: enforce\r\nmx: mx.{Name}\r\nmax_age: 604800\r\n";

    private static string Testing => Enforce.Replace("enforce", "testing", StringComparison.Ordinal);

    public void Dispose() => domain.Dispose();

    [Fact(Timeout = 30_000)]
    public async Task A_correct_enforce_deployment_passes_every_check()
    {
        using var https = PolicyHost(Enforce);
        using var smtp = Mx($"mx.{Name}");

        var report = await Verify(https, smtp, Encoding.ASCII.GetBytes(Enforce));

        Assert.False(report.Failed, string.Join("\n", report.Checks.Where(c => c.Status == CheckStatus.Fail).Select(c => c.Message)));
        Assert.Equal(PolicyMode.Enforce, report.Policy?.Mode);
        Assert.All(report.Checks, c => Assert.True(c.Status is CheckStatus.Pass or CheckStatus.Info, $"{c.Id}: {c.Status} {c.Message}"));
        Assert.Contains(report.Checks, c => c.Id == "mx.starttls" && c.Message.Contains("STARTTLS, TLS 1.", StringComparison.Ordinal));
        Assert.Contains(report.Checks, c => c.Id == "mx.enforce-ready" && c.Status == CheckStatus.Pass);
        Assert.Equal([CheckArea.Dns, CheckArea.PolicyHost, CheckArea.Mx, CheckArea.TlsRpt], report.Checks.Select(c => c.Area).Distinct());
    }

    [Fact(Timeout = 30_000)]
    public async Task Without_an_expected_policy_nothing_is_compared_with_one()
    {
        using var https = PolicyHost(Enforce);
        using var smtp = Mx($"mx.{Name}");

        var report = await Verify(https, smtp, null);

        Assert.DoesNotContain(report.Checks, c => c.Id is "dns.expected-id" or "policy-host.expected-policy");
        Assert.False(report.Failed);
    }

    [Fact(Timeout = 30_000)]
    public async Task Options_changed_after_the_verifier_was_made_change_nothing_in_it()
    {
        // A caller reusing one options object (a loop over stacks, a pipeline step) must not reach into a verifier
        // already made: not through the options, nor through the endpoint, collection and array they hold.
        using var https = PolicyHost(Enforce);
        using var smtp = Mx($"mx.{Name}");
        var expected = Encoding.ASCII.GetBytes(Enforce);
        var options = domain.Options(https.Port, smtp.Port, TimeSpan.FromSeconds(10));
        options.ExpectedPolicy = expected;
        options.DnsServer = new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, domain.Dns.Endpoint.Port);
        var verifier = new Verifier(options);

        options.DnsServer!.Port = 1;
        options.TrustRoots.Clear();
        options.CheckSmtp = false;
        options.Timeout = TimeSpan.FromMilliseconds(1);
        expected[^2] = (byte)'1';
        options.ExpectedPolicy = null;
        var report = await verifier.VerifyAsync(Name);

        Assert.False(report.Failed, string.Join("\n", report.Checks.Where(c => c.Status == CheckStatus.Fail).Select(c => c.Message)));
        Assert.Contains(report.Checks, c => c.Id == "policy-host.expected-policy" && c.Status == CheckStatus.Pass);
        Assert.Contains(report.Checks, c => c.Id == "mx.starttls" && c.Status == CheckStatus.Pass);
    }

    [Fact(Timeout = 30_000)]
    public async Task Every_lookup_goes_to_the_configured_DNS_server_the_addresses_of_the_policy_host_and_MX_included()
    {
        using var https = PolicyHost(Enforce);
        using var smtp = Mx($"mx.{Name}");

        var report = await Verify(https, smtp, null);

        Assert.False(report.Failed, string.Join("\n", report.Checks.Where(c => c.Status == CheckStatus.Fail).Select(c => c.Message)));
        // The names exist only in the loopback DNS, so a lookup that went elsewhere would have failed a check; the
        // questions it saw show that none was left to the system resolver.
        string[] expected =
        [
            "_mta-sts.good.test TXT", "good.test TXT", "mta-sts.good.test A", "mta-sts.good.test AAAA", "good.test MX",
            "mx.good.test A", "mx.good.test AAAA", "_25._tcp.mx.good.test TLSA", "_smtp._tls.good.test TXT",
        ];
        Assert.Equal(expected.Order(), domain.Dns.Questions.Distinct().Order());
    }

    [Theory(Timeout = 30_000)]
    [InlineData("_mta-sts.records.test", "v=STSv1; id=1", "v=STSv1; id=2", "dns.mta-sts-record", CheckStatus.Fail, "\"v=STSv1; id=1\", \"v=STSv1; id=2\"")]
    [InlineData("_mta-sts.records.test", "v=STSv1; id=not-an-id!", null, "dns.mta-sts-record", CheckStatus.Fail, "\"v=STSv1; id=not-an-id!\"")]
    [InlineData("records.test", "v=STSv1; id=1", null, "dns.apex-record", CheckStatus.Warn, "records.test has \"v=STSv1; id=1\", which senders ignore there")]
    [InlineData("_smtp._tls.records.test", "v=TLSRPTv1; rua=mailto:a@records.test", "v=TLSRPTv1; rua=mailto:b@records.test", "tlsrpt.record", CheckStatus.Fail, "mailto:b@records.test")]
    [InlineData("_smtp._tls.records.test", "v=TLSRPTv1", null, "tlsrpt.record", CheckStatus.Fail, "\"v=TLSRPTv1\"")]
    [InlineData("_smtp._tls.records.test", "v=TLSRPTv1; rua=ftp://records.test/r", null, "tlsrpt.record", CheckStatus.Fail, "ftp://records.test/r")]
    [InlineData("_smtp-tlsrpt.records.test", "v=TLSRPTv1; rua=mailto:a@records.test", null, "tlsrpt.record", CheckStatus.Warn, "only at the draft-era name _smtp-tlsrpt.records.test")]
    // RFC 8460 §3: v=TLSRPTv10 is no TLS-RPT record but some other one, discarded as the core's Select discards it: no
    // record (a warning), not a broken one.
    [InlineData("_smtp._tls.records.test", "v=TLSRPTv10; rua=mailto:a@records.test", null, "tlsrpt.record", CheckStatus.Warn, "no v=TLSRPTv1 record at _smtp._tls.records.test (it has \"v=TLSRPTv10; rua=mailto:a@records.test\")")]
    public async Task A_broken_or_misplaced_record_is_named_with_its_value_and_section(
        string name, string record, string? second, string id, CheckStatus status, string observed)
    {
        domain.Dns.Txt(name, record);
        if (second is not null)
        {
            domain.Dns.Txt(name, second);
        }

        var report = await new Verifier(domain.Options(1, null, TimeSpan.FromSeconds(10))).VerifyAsync("records.test");

        var check = Assert.Single(report.Checks, c => c.Id == id && c.Status == status);
        Assert.Contains(observed, check.Message);
        Assert.StartsWith(id.StartsWith("tlsrpt", StringComparison.Ordinal) ? "RFC 8460 §3" : "RFC 8461 §3.1", check.Section);
        Assert.NotEqual("", check.Fix);
        // records.test publishes no mta-sts host: that is its own check, whatever the records.
        Assert.Contains(report.Checks, c => c.Id == "dns.policy-host" && c.Status == CheckStatus.Fail
            && c.Message == "mta-sts.records.test does not resolve: no A or AAAA record");
    }

    [Theory(Timeout = 30_000)]
    [InlineData("v=STSv1; id=1", CheckStatus.Warn)]
    [InlineData("v=STSv10; id=1", CheckStatus.Pass)]
    public async Task An_STS_record_at_the_domain_itself_is_the_one_senders_would_take_for_one(string record, CheckStatus status)
    {
        // RFC 8461 §3.1: a record is an STS record when it starts with the whole version field, as the core's Select has it.
        domain.Dns.Txt("records.test", record);

        var report = await new Verifier(domain.Options(1, null, TimeSpan.FromSeconds(10))).VerifyAsync("records.test");

        Assert.Equal(status, Assert.Single(report.Checks, c => c.Id == "dns.apex-record").Status);
        Assert.Equal(status == CheckStatus.Warn, PolicyRecord.Select([record]).IsValid);
    }

    [Fact(Timeout = 30_000)]
    public async Task With_an_expected_policy_a_comparison_that_cannot_be_made_is_skipped_and_says_why()
    {
        // A broken record and a policy host answering 404: nothing to compare the deployed policy with. The two
        // expectation checks still appear, so a pipeline matching on their ids sees they were not passed.
        domain.Dns.Txt("_mta-sts.gone.test", "v=STSv1; id=not-an-id!").A("mta-sts.gone.test", System.Net.IPAddress.Loopback);
        var certificate = domain.Certificates.Issue("mta-sts.gone.test");
        using var https = new LoopbackServer(async (stream, ct) =>
        {
            await using var tls = await LoopbackServer.TlsAsync(stream, certificate, ct);
            await LoopbackServer.ReadRequestAsync(tls, ct);
            await LoopbackServer.WriteAsync(tls, "HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\nContent-Length: 9\r\nConnection: close\r\n\r\nnot found", ct);
        });
        var options = domain.Options(https.Port, null, TimeSpan.FromSeconds(10));
        options.ExpectedPolicy = Encoding.ASCII.GetBytes(Enforce);

        var report = await new Verifier(options).VerifyAsync("gone.test");

        var id = Assert.Single(report.Checks, c => c.Id == "dns.expected-id");
        Assert.Equal(CheckStatus.Skip, id.Status);
        Assert.Contains($"no valid _mta-sts record to compare with the deployed policy's id {PolicyId.ForPolicy(Encoding.ASCII.GetBytes(Enforce)).Value}", id.Message);
        var served = Assert.Single(report.Checks, c => c.Id == "policy-host.expected-policy");
        Assert.Equal(CheckStatus.Skip, served.Status);
        Assert.Contains("no policy was served to compare with the deployed one", served.Message);
    }

    [Theory(Timeout = 30_000)]
    [InlineData("*.good.test", CheckStatus.Pass, "mx.good.test matches mx *.good.test")]
    [InlineData("*.test", CheckStatus.Fail, "mx.good.test matches no mx line of the policy (*.test)")]
    [InlineData("mx.other.test", CheckStatus.Fail, "mx.good.test matches no mx line of the policy (mx.other.test)")]
    public async Task Each_live_MX_must_match_an_mx_line_and_a_wildcard_covers_one_label(string pattern, CheckStatus status, string message)
    {
        // RFC 8461 §4.1: "*.example.com" matches exactly one left-most label; under enforce an MX no line covers is refused.
        using var https = PolicyHost(Enforce.Replace($"mx: mx.{Name}", "mx: " + pattern, StringComparison.Ordinal));
        using var smtp = Mx($"mx.{Name}");

        var report = await Verify(https, smtp, null);

        var coverage = Assert.Single(report.Checks, c => c.Id == "mx.coverage");
        Assert.Equal(status, coverage.Status);
        Assert.Equal(message, coverage.Message);
        // The enforce guard of the component judges the same live MX alike.
        var plan = DeploymentPlan.Create(new PolicySettings { Domain = Name, Mx = [pattern], Mode = PolicyMode.Enforce, MaxAge = 604800 });
        Assert.Equal(status == CheckStatus.Fail, MxCoverage.Check(plan, [$"mx.{Name}."], allowUncovered: false).Count == 1);
        Assert.Equal("RFC 8461 §4.1", coverage.Section);
        var ready = Assert.Single(report.Checks, c => c.Id == "mx.enforce-ready");
        Assert.Equal(status, ready.Status);
        if (status == CheckStatus.Fail)
        {
            Assert.Contains("senders refuse to deliver to mx.good.test (not covered by the policy)", ready.Message);
        }
    }

    [Fact(Timeout = 30_000)]
    public async Task An_MX_whose_EHLO_reply_lacks_STARTTLS_is_refused_under_enforce()
    {
        using var https = PolicyHost(Enforce);
        using var smtp = new LoopbackServer(async (stream, ct) =>
        {
            await LoopbackServer.WriteAsync(stream, $"220 mx.{Name} ESMTP plain\r\n", ct);
            await LoopbackServer.ReadLineAsync(stream, ct);
            await LoopbackServer.WriteAsync(stream, $"250-mx.{Name}\r\n250-PIPELINING\r\n250 8BITMIME\r\n", ct);
            await LoopbackServer.ReadLineAsync(stream, ct);
        });

        var report = await Verify(https, smtp, null);

        var starttls = Assert.Single(report.Checks, c => c.Id == "mx.starttls");
        Assert.Equal(CheckStatus.Fail, starttls.Status);
        Assert.Equal($"mx.{Name} at 127.0.0.1:{smtp.Port}: the EHLO reply does not list STARTTLS", starttls.Message);
        Assert.Equal("RFC 8461 §4.2", starttls.Section);
        Assert.Contains(report.Checks, c => c.Id == "mx.enforce-ready" && c.Status == CheckStatus.Fail
            && c.Message.Contains("mx.good.test (no STARTTLS)", StringComparison.Ordinal));
    }

    [Fact(Timeout = 30_000)]
    public async Task TLSA_records_of_an_MX_are_reported_as_information()
    {
        domain.Dns.Tlsa($"_25._tcp.mx.{Name}", 3, 1, 1, new byte[32]).Tlsa($"_25._tcp.mx.{Name}", 2, 0, 1, Enumerable.Repeat((byte)7, 32).ToArray());
        using var https = PolicyHost(Enforce);
        using var smtp = Mx($"mx.{Name}");

        var report = await Verify(https, smtp, null);

        var tlsa = Assert.Single(report.Checks, c => c.Id == "mx.tlsa");
        Assert.Equal(CheckStatus.Info, tlsa.Status);
        Assert.Equal($"_25._tcp.mx.{Name} has 2 TLSA records (DANE)", tlsa.Message);
    }

    [Fact(Timeout = 30_000)]
    public async Task A_null_MX_is_reported_as_accepting_no_mail_and_nothing_is_probed()
    {
        domain.Dns.Mx("nullmx.test", 0, ".");

        var report = await new Verifier(domain.Options(1, 1, TimeSpan.FromSeconds(10))).VerifyAsync("nullmx.test");

        var records = Assert.Single(report.Checks, c => c.Id == "mx.records");
        Assert.Equal(CheckStatus.Info, records.Status);
        Assert.Equal("nullmx.test has a null MX: it accepts no mail", records.Message);
        Assert.Equal("RFC 7505 §3", records.Section);
        Assert.DoesNotContain(report.Checks, c => c.Id is "mx.starttls" or "mx.enforce-ready");
    }

    [Fact(Timeout = 30_000)]
    public async Task A_null_MX_beside_other_MX_records_is_not_probed_as_a_host_with_an_empty_name()
    {
        domain.Dns.Mx("mixed.test", 0, ".").Mx("mixed.test", 10, $"mx.{Name}");

        var report = await new Verifier(domain.Options(1, null, TimeSpan.FromSeconds(10))).VerifyAsync("mixed.test");

        Assert.DoesNotContain(report.Checks, c => c.Area == CheckArea.Mx && c.Message.StartsWith(' '));
        Assert.DoesNotContain(report.Checks, c => c.Id == "mx.address" && !c.Message.StartsWith($"mx.{Name}", StringComparison.Ordinal));
        var records = Assert.Single(report.Checks, c => c.Id == "mx.records" && c.Status == CheckStatus.Warn);
        Assert.Contains("a null MX (\".\") beside other MX records", records.Message);
        Assert.Equal("RFC 7505 §3", records.Section);
    }

    [Fact(Timeout = 30_000)]
    public async Task Only_the_first_ten_of_many_MX_hosts_are_probed_and_the_report_says_so()
    {
        for (var i = 1; i <= 12; i++)
        {
            domain.Dns.Mx("many.test", (ushort)i, $"mx{i}.many.test");
        }

        var report = await new Verifier(domain.Options(1, null, TimeSpan.FromSeconds(10))).VerifyAsync("many.test");

        Assert.Contains(report.Checks, c => c.Id == "mx.records" && c.Status == CheckStatus.Info
            && c.Message == "only the first 10 of 12 MX hosts are checked");
        Assert.Equal(10, report.Checks.Count(c => c.Id == "mx.address"));
        Assert.DoesNotContain(report.Checks, c => c.Message.Contains("mx11.many.test", StringComparison.Ordinal) && c.Id == "mx.address");
    }

    [Fact(Timeout = 30_000)]
    public async Task An_MX_certificate_for_another_name_fails_under_enforce()
    {
        using var https = PolicyHost(Enforce);
        using var smtp = Mx("elsewhere.test");

        var report = await Verify(https, smtp, null);

        Assert.True(report.Failed);
        var name = Assert.Single(report.Checks, c => c.Id == "mx.certificate.name");
        Assert.Equal(CheckStatus.Fail, name.Status);
        Assert.Contains("not valid for mx.good.test: it names elsewhere.test", name.Message);
        Assert.Contains(report.Checks, c => c.Id == "mx.enforce-ready" && c.Status == CheckStatus.Fail
            && c.Message.Contains("mx.good.test (certificate name)", StringComparison.Ordinal));
    }

    [Fact(Timeout = 30_000)]
    public async Task Under_testing_the_same_MX_warns_and_says_it_is_not_ready_for_enforce()
    {
        using var https = PolicyHost(Testing);
        using var smtp = Mx("elsewhere.test");

        var report = await Verify(https, smtp, null);

        Assert.Equal(PolicyMode.Testing, report.Policy?.Mode);
        Assert.Equal(CheckStatus.Warn, Assert.Single(report.Checks, c => c.Id == "mx.certificate.name").Status);
        var ready = Assert.Single(report.Checks, c => c.Id == "mx.enforce-ready");
        Assert.Equal(CheckStatus.Warn, ready.Status);
        Assert.Contains("not ready for enforce: senders would refuse mx.good.test (certificate name)", ready.Message);
    }

    [Fact(Timeout = 30_000)]
    public async Task An_MX_certificate_that_expires_soon_is_a_warning_but_senders_would_still_deliver()
    {
        using var https = PolicyHost(Testing);
        using var smtp = Mx($"mx.{Name}", days: 5);

        var report = await Verify(https, smtp, null);

        var expiry = Assert.Single(report.Checks, c => c.Id == "mx.certificate.expiry");
        Assert.Equal(CheckStatus.Warn, expiry.Status);
        Assert.Contains("expires on", expiry.Message);
        // Still in date: under enforce senders would deliver, so the MX is ready for it.
        var ready = Assert.Single(report.Checks, c => c.Id == "mx.enforce-ready");
        Assert.Equal(CheckStatus.Pass, ready.Status);
    }

    [Fact(Timeout = 30_000)]
    public async Task An_MX_that_refuses_connections_is_named_as_unreachable_not_as_lacking_STARTTLS()
    {
        using var https = PolicyHost(Testing);
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var closed = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop(); // nothing listens there any more: connections are refused

        var report = await new Verifier(domain.Options(https.Port, closed, TimeSpan.FromSeconds(10))).VerifyAsync(Name);

        var ready = Assert.Single(report.Checks, c => c.Id == "mx.enforce-ready");
        Assert.Equal(CheckStatus.Warn, ready.Status);
        Assert.Contains("senders would refuse mx.good.test (no connection)", ready.Message);
    }

    [Fact(Timeout = 30_000)]
    public async Task A_retiring_policy_in_mode_none_is_not_called_ready_for_enforce()
    {
        // RFC 8461 §8.3: a domain leaving MTA-STS serves mode none, usually without mx lines; under enforce those
        // lines would match no MX at all, so "senders would deliver to all MX hosts" would be false.
        using var https = PolicyHost("version: STSv1\r\nmode: none\r\nmax_age: 86400\r\n");
        using var smtp = Mx($"mx.{Name}");

        var report = await Verify(https, smtp, null);

        Assert.Equal(PolicyMode.None, report.Policy?.Mode);
        var ready = Assert.Single(report.Checks, c => c.Id == "mx.enforce-ready");
        Assert.Equal(CheckStatus.Skip, ready.Status);
        Assert.Contains("mode is none", ready.Message);
    }

    [Fact(Timeout = 30_000)]
    public async Task Only_unrelated_TXT_records_at_the_TLS_RPT_name_mean_no_TLS_RPT_record_a_warning()
    {
        // RFC 8460 §3: records not starting with v=TLSRPTv1 are not TLS-RPT records (a wildcard TXT in the zone puts
        // one at every name); the domain then has no TLS-RPT, which is a warning, as when the name has no TXT at all.
        domain.Dns.Txt("_smtp._tls.wildcard.test", "google-site-verification=0123456789abcdef");

        var report = await new Verifier(domain.Options(1, null, TimeSpan.FromSeconds(10))).VerifyAsync("wildcard.test");

        var record = Assert.Single(report.Checks, c => c.Area == CheckArea.TlsRpt);
        Assert.Equal("tlsrpt.record", record.Id);
        Assert.Equal(CheckStatus.Warn, record.Status);
        Assert.Contains("no v=TLSRPTv1 record at _smtp._tls.wildcard.test (it has \"google-site-verification=0123456789abcdef\")", record.Message);
    }

    [Fact(Timeout = 30_000)]
    public async Task A_stale_policy_behind_the_new_id_is_caught_by_the_expectation()
    {
        using var https = PolicyHost(Testing); // the CDN still serves the old testing policy
        using var smtp = Mx($"mx.{Name}");

        var report = await Verify(https, smtp, Encoding.ASCII.GetBytes(Enforce));

        Assert.True(report.Failed);
        var served = Assert.Single(report.Checks, c => c.Id == "policy-host.expected-policy");
        Assert.Equal(CheckStatus.Fail, served.Status);
        Assert.Contains("line 2 is \"mode: testing\", expected \"mode: enforce\"", served.Message);
        Assert.Equal(CheckStatus.Pass, Assert.Single(report.Checks, c => c.Id == "dns.expected-id").Status);
    }

    [Fact(Timeout = 30_000)]
    public async Task An_id_that_was_not_rotated_is_caught_by_the_expectation()
    {
        using var https = PolicyHost(Testing);
        using var smtp = Mx($"mx.{Name}");

        var report = await Verify(https, smtp, Encoding.ASCII.GetBytes(Testing));

        var id = Assert.Single(report.Checks, c => c.Id == "dns.expected-id");
        Assert.Equal(CheckStatus.Fail, id.Status);
        Assert.Contains($"the deployed policy's is {PolicyId.ForPolicy(Encoding.ASCII.GetBytes(Testing)).Value}", id.Message);
        Assert.Equal(CheckStatus.Pass, Assert.Single(report.Checks, c => c.Id == "policy-host.expected-policy").Status);
    }

    [Theory(Timeout = 30_000)]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Records_delegated_by_CNAME_to_a_provider_are_followed(bool serverChasesCnames)
    {
        domain.Dns.ChasesCnames = serverChasesCnames;
        // RFC 8461 §8.2: a provider hosts the policy; the domain publishes CNAMEs for _mta-sts and mta-sts.
        const string Delegated = "delegated.test";
        var id = PolicyId.ForPolicy(Encoding.ASCII.GetBytes(Enforce)).Value;
        domain.Dns.Cname($"_mta-sts.{Delegated}", $"_mta-sts.{Delegated}.provider.test")
            .Txt($"_mta-sts.{Delegated}.provider.test", $"v=STSv1; id={id}")
            .Cname($"mta-sts.{Delegated}", "policy.provider.test")
            .A("policy.provider.test", System.Net.IPAddress.Loopback)
            .Mx(Delegated, 10, $"mx.{Name}");
        using var https = PolicyHost(Enforce, $"mta-sts.{Delegated}");
        using var smtp = Mx($"mx.{Name}");

        var options = domain.Options(https.Port, smtp.Port, TimeSpan.FromSeconds(10));
        var report = await new Verifier(options).VerifyAsync(Delegated);

        Assert.Equal(PolicyMode.Enforce, report.Policy?.Mode);
        var record = Assert.Single(report.Checks, c => c.Id == "dns.mta-sts-record");
        Assert.Equal(CheckStatus.Pass, record.Status);
        Assert.Contains($"(CNAME to _mta-sts.{Delegated}.provider.test)", record.Message);
        var host = Assert.Single(report.Checks, c => c.Id == "dns.policy-host");
        Assert.Contains("(CNAME to policy.provider.test) resolves to 127.0.0.1", host.Message);
    }

    [Theory(Timeout = 30_000)]
    [InlineData("0.0.0.0", "RFC 1122 §3.2.1.3")]
    [InlineData("::", "RFC 4291 §2.5.2")]
    public async Task A_policy_host_at_only_the_unspecified_address_is_not_connected_to(string address, string rule)
    {
        // On Linux a connection to 0.0.0.0 reaches the local machine, here the test's own policy host: a false pass.
        using var https = PolicyHost(Unspecified.Policy, $"mta-sts.{Unspecified.Name}");
        using var smtp = Mx($"mx.{Unspecified.Name}");
        Unspecified.Publish(domain.Dns, policyHost: [address], mx: ["127.0.0.1"]);

        var report = await new Verifier(domain.Options(https.Port, smtp.Port, TimeSpan.FromSeconds(10))).VerifyAsync(Unspecified.Name);

        Assert.Null(report.Policy);
        var connect = Assert.Single(report.Checks, c => c.Id == "policy-host.connect");
        Assert.Equal(CheckStatus.Fail, connect.Status);
        Assert.Contains($"mta-sts.{Unspecified.Name} has the address {address}, which is never a destination", connect.Message);
        Assert.Contains(rule, connect.Message);
        Assert.DoesNotContain(report.Checks, c => c.Id == "policy-host.tls");
    }

    [Theory(Timeout = 30_000)]
    [InlineData("0.0.0.0", "RFC 1122 §3.2.1.3")]
    [InlineData("::", "RFC 4291 §2.5.2")]
    public async Task The_unspecified_address_of_the_policy_host_is_reported_and_its_other_address_used(string address, string rule)
    {
        using var https = PolicyHost(Unspecified.Policy, $"mta-sts.{Unspecified.Name}");
        using var smtp = Mx($"mx.{Unspecified.Name}");
        Unspecified.Publish(domain.Dns, policyHost: [address, "127.0.0.1"], mx: ["127.0.0.1"]);

        var report = await new Verifier(domain.Options(https.Port, smtp.Port, TimeSpan.FromSeconds(10))).VerifyAsync(Unspecified.Name);

        Assert.Equal(PolicyMode.Enforce, report.Policy?.Mode);
        var tls = Assert.Single(report.Checks, c => c.Id == "policy-host.tls");
        Assert.Equal(CheckStatus.Pass, tls.Status);
        Assert.Contains($"at 127.0.0.1:{https.Port}", tls.Message);
        Assert.Contains($"mta-sts.{Unspecified.Name} has the address {address}, which is never a destination", tls.Message);
        Assert.Contains(rule, tls.Message);
    }

    [Fact(Timeout = 30_000)]
    public async Task An_MX_host_at_only_the_unspecified_address_is_not_connected_to()
    {
        using var https = PolicyHost(Unspecified.Policy, $"mta-sts.{Unspecified.Name}");
        using var smtp = Mx($"mx.{Unspecified.Name}");
        Unspecified.Publish(domain.Dns, policyHost: ["127.0.0.1"], mx: ["0.0.0.0"]);

        var report = await new Verifier(domain.Options(https.Port, smtp.Port, TimeSpan.FromSeconds(10))).VerifyAsync(Unspecified.Name);

        var starttls = Assert.Single(report.Checks, c => c.Id == "mx.starttls");
        Assert.Equal(CheckStatus.Fail, starttls.Status);
        Assert.Contains($"mx.{Unspecified.Name} has the address 0.0.0.0, which is never a destination", starttls.Message);
        Assert.Contains("RFC 1122 §3.2.1.3", starttls.Message);
        Assert.DoesNotContain(report.Checks, c => c.Id.StartsWith("mx.certificate", StringComparison.Ordinal));
        Assert.Contains(report.Checks, c => c.Id == "mx.enforce-ready" && c.Status == CheckStatus.Fail
            && c.Message.Contains($"mx.{Unspecified.Name} (no connection)", StringComparison.Ordinal));
    }

    [Fact(Timeout = 30_000)]
    public async Task The_unspecified_address_of_an_MX_host_is_reported_and_its_other_address_used()
    {
        using var https = PolicyHost(Unspecified.Policy, $"mta-sts.{Unspecified.Name}");
        using var smtp = Mx($"mx.{Unspecified.Name}");
        Unspecified.Publish(domain.Dns, policyHost: ["127.0.0.1"], mx: ["0.0.0.0", "127.0.0.1"]);

        var report = await new Verifier(domain.Options(https.Port, smtp.Port, TimeSpan.FromSeconds(10))).VerifyAsync(Unspecified.Name);

        var starttls = Assert.Single(report.Checks, c => c.Id == "mx.starttls");
        Assert.Equal(CheckStatus.Pass, starttls.Status);
        Assert.Contains($"at 127.0.0.1:{smtp.Port}", starttls.Message);
        Assert.Contains($"mx.{Unspecified.Name} has the address 0.0.0.0, which is never a destination", starttls.Message);
        Assert.Contains(report.Checks, c => c.Id == "mx.enforce-ready" && c.Status == CheckStatus.Pass);
    }

    private async Task<VerificationReport> Verify(LoopbackServer https, LoopbackServer smtp, byte[]? expected)
    {
        var options = domain.Options(https.Port, smtp.Port, TimeSpan.FromSeconds(10));
        options.ExpectedPolicy = expected;
        return await new Verifier(options).VerifyAsync(Name);
    }

    private LoopbackServer PolicyHost(string policy, string host = $"mta-sts.{Name}")
    {
        var certificate = domain.Certificates.Issue(host);
        return new LoopbackServer(async (stream, ct) =>
        {
            await using var tls = await LoopbackServer.TlsAsync(stream, certificate, ct);
            await LoopbackServer.ReadRequestAsync(tls, ct);
            await LoopbackServer.WriteAsync(tls,
                $"HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {policy.Length}\r\nConnection: close\r\n\r\n{policy}", ct);
        });
    }

    private LoopbackServer Mx(string certificateName, int days = 90)
    {
        var certificate = domain.Certificates.Issue(certificateName, days);
        return new LoopbackServer(async (stream, ct) =>
        {
            await LoopbackServer.WriteAsync(stream, $"220 mx.{Name} ESMTP test\r\n", ct);
            await LoopbackServer.ReadLineAsync(stream, ct);
            await LoopbackServer.WriteAsync(stream, $"250-mx.{Name}\r\n250-PIPELINING\r\n250-STARTTLS\r\n250 8BITMIME\r\n", ct);
            await LoopbackServer.ReadLineAsync(stream, ct);
            await LoopbackServer.WriteAsync(stream, "220 2.0.0 Ready to start TLS\r\n", ct);
            await using var tls = await LoopbackServer.TlsAsync(stream, certificate, ct);
            await LoopbackServer.ReadLineAsync(tls, ct);
        });
    }

    /// <summary>A domain whose DNS gives its policy host or MX host the unspecified address (0.0.0.0 or ::).</summary>
    private static class Unspecified
    {
        internal const string Name = "unspecified.test";

        internal static string Policy => $"version: STSv1\r\nmode: enforce\r\nmx: mx.{Name}\r\nmax_age: 604800\r\n";

        internal static void Publish(LoopbackDns dns, string[] policyHost, string[] mx)
        {
            dns.Txt($"_mta-sts.{Name}", "v=STSv1; id=" + PolicyId.ForPolicy(Encoding.ASCII.GetBytes(Policy)).Value)
                .Mx(Name, 10, $"mx.{Name}");
            foreach (var (host, addresses) in new[] { ($"mta-sts.{Name}", policyHost), ($"mx.{Name}", mx) })
            {
                foreach (var address in addresses.Select(System.Net.IPAddress.Parse))
                {
                    _ = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? dns.A(host, address) : dns.Aaaa(host, address);
                }
            }
        }
    }
}
