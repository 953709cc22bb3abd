using System.Net.Sockets;
using Mail.MtaSts.Verification.Tests.Loopback;

namespace Mail.MtaSts.Verification.Tests;

/// <summary>
/// Servers that stall, stream forever, redirect in a loop, speak garbage instead of TLS, never answer EHLO or send
/// a megabyte banner: the verifier reports each as a failed check, bounded by its own caps and deadline.
/// The xunit timeouts only keep a regression from hanging the run; the assertions are on the report.
/// </summary>
public sealed class HostileInputTests : IDisposable
{
    private readonly LoopbackDomain domain = new("hostile.test");

    public void Dispose() => domain.Dispose();

    [Fact(Timeout = 30_000)]
    public async Task A_policy_host_that_accepts_and_then_stalls_is_stopped_by_the_deadline()
    {
        using var stalling = new LoopbackServer((_, ct) => Task.Delay(Timeout.Infinite, ct));

        var report = await Verify(domain.Options(stalling.Port, null, TimeSpan.FromSeconds(3)));

        var deadline = Assert.Single(report.Checks, c => c.Id == "policy-host.deadline");
        Assert.Equal(CheckStatus.Fail, deadline.Status);
        Assert.Contains("3 s deadline while TLS handshake with 127.0.0.1", deadline.Message);
        Assert.Null(report.Policy);
        // The DNS checks finished before the deadline and are kept.
        Assert.Contains(report.Checks, c => c.Id == "dns.policy-host" && c.Status == CheckStatus.Pass);
    }

    [Fact(Timeout = 30_000)]
    public async Task A_body_that_never_ends_is_read_up_to_64_KiB_and_no_further()
    {
        var certificate = domain.Certificates.Issue("mta-sts.hostile.test");
        using var endless = new LoopbackServer(async (stream, ct) =>
        {
            await using var tls = await LoopbackServer.TlsAsync(stream, certificate, ct);
            await LoopbackServer.ReadRequestAsync(tls, ct);
            await LoopbackServer.WriteAsync(tls, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n", ct);
            var chunk = new byte[16 * 1024];
            Array.Fill(chunk, (byte)'x');
            while (true)
            {
                await tls.WriteAsync(chunk, ct);
            }
        });

        var report = await Verify(domain.Options(endless.Port, null, TimeSpan.FromSeconds(20)));

        var size = Assert.Single(report.Checks, c => c.Id == "policy-host.size");
        Assert.Equal(CheckStatus.Fail, size.Status);
        Assert.Contains("longer than 65536 bytes; reading stopped there", size.Message);
        Assert.DoesNotContain(report.Checks, c => c.Id.EndsWith(".deadline", StringComparison.Ordinal));
        Assert.Null(report.Policy);
    }

    [Fact(Timeout = 30_000)]
    public async Task Response_headers_that_never_end_are_cut_off_at_16_KiB()
    {
        var certificate = domain.Certificates.Issue("mta-sts.hostile.test");
        using var endless = new LoopbackServer(async (stream, ct) =>
        {
            await using var tls = await LoopbackServer.TlsAsync(stream, certificate, ct);
            await LoopbackServer.ReadRequestAsync(tls, ct);
            await LoopbackServer.WriteAsync(tls, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n", ct);
            var header = System.Text.Encoding.ASCII.GetBytes("X-Padding: " + new string('x', 1000) + "\r\n");
            while (true)
            {
                await tls.WriteAsync(header, ct);
            }
        });

        var report = await Verify(domain.Options(endless.Port, null, TimeSpan.FromSeconds(20)));

        var http = Assert.Single(report.Checks, c => c.Id == "policy-host.http");
        Assert.Equal(CheckStatus.Fail, http.Status);
        Assert.Contains("16384", http.Message);
        Assert.DoesNotContain(report.Checks, c => c.Id.EndsWith(".deadline", StringComparison.Ordinal));
    }

    [Fact(Timeout = 30_000)]
    public async Task A_redirect_loop_is_reported_with_its_location_and_not_followed()
    {
        var certificate = domain.Certificates.Issue("mta-sts.hostile.test");
        var requests = 0;
        using var redirecting = new LoopbackServer(async (stream, ct) =>
        {
            await using var tls = await LoopbackServer.TlsAsync(stream, certificate, ct);
            while (await LoopbackServer.ReadLineAsync(tls, ct) is { Length: > 0 })
            {
                Interlocked.Increment(ref requests);
                await LoopbackServer.ReadRequestAsync(tls, ct);
                await LoopbackServer.WriteAsync(tls,
                    "HTTP/1.1 301 Moved Permanently\r\nLocation: https://mta-sts.hostile.test/.well-known/mta-sts.txt\r\nContent-Length: 0\r\n\r\n", ct);
            }
        });

        var report = await Verify(domain.Options(redirecting.Port, null, TimeSpan.FromSeconds(10)));

        var status = Assert.Single(report.Checks, c => c.Id == "policy-host.status");
        Assert.Equal(CheckStatus.Fail, status.Status);
        Assert.Contains("HTTP 301 redirect to https://mta-sts.hostile.test/.well-known/mta-sts.txt", status.Message);
        Assert.Equal(1, Volatile.Read(ref requests));
        Assert.Null(report.Policy);
    }

    [Theory(Timeout = 30_000)]
    [InlineData("https://[mta-sts.hostile.test/", "\"https://[mta-sts.hostile.test/\"")]
    [InlineData("https://mta-sts.hostile.test/\u001b[2J\u0007policy", "\"https://mta-sts.hostile.test/\\x1B[2J\\x07policy\"")]
    public async Task A_redirect_whose_Location_is_no_URI_is_reported_with_the_value_made_safe(string location, string shown)
    {
        var report = await Redirect(location);

        var status = Assert.Single(report.Checks, c => c.Id == "policy-host.status");
        Assert.Equal(CheckStatus.Fail, status.Status);
        Assert.Contains($"HTTP 301 redirect to {shown}, which is not a valid URI", status.Message);
        Assert.DoesNotContain(status.Message, char.IsControl);
        Assert.Null(report.Policy);
    }

    [Fact(Timeout = 30_000)]
    public async Task A_redirect_to_a_very_long_Location_is_reported_cut_short()
    {
        var location = "https://[" + new string('x', 8000) + "]/";

        var report = await Redirect(location);

        var status = Assert.Single(report.Checks, c => c.Id == "policy-host.status");
        Assert.Contains("HTTP 301 redirect to \"https://[" + new string('x', 71) + "...\", which is not a valid URI", status.Message);
        Assert.True(status.Message.Length < 400, status.Message);
    }

    [Fact(Timeout = 30_000)]
    public async Task Garbage_instead_of_a_TLS_handshake_is_a_failed_check_not_an_exception()
    {
        using var garbage = new LoopbackServer(async (stream, ct) =>
        {
            await LoopbackServer.WriteAsync(stream, "HTTP/1.0 400 this is not TLS\r\n\r\n" + new string('#', 4096), ct);
        });

        var report = await Verify(domain.Options(garbage.Port, null, TimeSpan.FromSeconds(10)));

        var tls = Assert.Single(report.Checks, c => c.Id == "policy-host.tls");
        Assert.Equal(CheckStatus.Fail, tls.Status);
        Assert.Contains("TLS handshake with mta-sts.hostile.test at 127.0.0.1", tls.Message);
        Assert.DoesNotContain(report.Checks, c => c.Id.EndsWith(".deadline", StringComparison.Ordinal));
    }

    [Fact(Timeout = 30_000)]
    public async Task A_certificate_whose_subject_alternative_names_cannot_be_read_is_a_failed_check_not_an_exception()
    {
        // A SAN extension whose DER is cut short: a GeneralNames SEQUENCE announcing more bytes than it has.
        var broken = new System.Security.Cryptography.X509Certificates.X509Extension("2.5.29.17", [0x30, 0x10, 0x82, 0x05, 0x68], false);
        var certificate = domain.Certificates.Issue("mta-sts.hostile.test", broken);
        using var https = new LoopbackServer(async (stream, ct) =>
        {
            await using var tls = await LoopbackServer.TlsAsync(stream, certificate, ct);
            await LoopbackServer.ReadRequestAsync(tls, ct);
            await LoopbackServer.WriteAsync(tls, "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", ct);
        });

        var report = await Verify(domain.Options(https.Port, null, TimeSpan.FromSeconds(10)));

        var name = Assert.Single(report.Checks, c => c.Id == "policy-host.certificate.name");
        Assert.Equal(CheckStatus.Fail, name.Status);
        Assert.Contains("certificate of mta-sts.hostile.test is not valid for mta-sts.hostile.test: its subject alternative names cannot be read", name.Message);
        Assert.Null(report.Policy);
    }

    [Fact(Timeout = 30_000)]
    public async Task An_MX_target_that_is_no_host_name_is_a_failed_name_check_not_an_exception()
    {
        using var hostile = new LoopbackDomain("badmx.test");
        hostile.Dns.Mx("badmx.test", 5, "-mx.badmx.test").A("-mx.badmx.test", System.Net.IPAddress.Loopback);
        var certificate = hostile.Certificates.Issue("mx.badmx.test");
        using var smtp = new LoopbackServer(async (stream, ct) =>
        {
            await LoopbackServer.WriteAsync(stream, "220 mx.badmx.test ESMTP\r\n", ct);
            await LoopbackServer.ReadLineAsync(stream, ct);
            await LoopbackServer.WriteAsync(stream, "250-mx.badmx.test\r\n250 STARTTLS\r\n", ct);
            await LoopbackServer.ReadLineAsync(stream, ct);
            await LoopbackServer.WriteAsync(stream, "220 2.0.0 Ready\r\n", ct);
            await using var tls = await LoopbackServer.TlsAsync(stream, certificate, ct);
            await LoopbackServer.ReadLineAsync(tls, ct);
        });

        var report = await new Verifier(hostile.Options(ClosedPort(), smtp.Port, TimeSpan.FromSeconds(10))).VerifyAsync(hostile.Name);

        var name = Assert.Single(report.Checks, c => c.Id == "mx.certificate.name" && c.Message.StartsWith("certificate of -mx.badmx.test", StringComparison.Ordinal));
        Assert.NotEqual(CheckStatus.Pass, name.Status);
        Assert.Contains("\"-mx.badmx.test\" is not a valid host name", name.Message);
    }

    [Fact(Timeout = 30_000)]
    public async Task An_MX_target_the_DNS_client_cannot_query_is_a_failed_lookup_not_an_exception()
    {
        // DNS allows any octet in a label; DnsClient shows 0xFF as "\\255", and 20 of them make an 80-character label
        // that it refuses to query (ArgumentException), which ended the whole run.
        var target = new string('\u00ff', 20) + ".hostile.test";
        domain.Dns.Mx(domain.Name, 20, target);

        var report = await Verify(domain.Options(ClosedPort(), ClosedPort(), TimeSpan.FromSeconds(10)));

        var address = Assert.Single(report.Checks, c => c.Id == "mx.address");
        Assert.NotEqual(CheckStatus.Pass, address.Status);
        Assert.StartsWith(string.Concat(Enumerable.Repeat("\\255", 20)) + ".hostile.test does not resolve: ", address.Message);
        Assert.Contains("cannot be looked up", address.Message);
        Assert.Contains(report.Checks, c => c.Id == "mx.starttls" && c.Message.StartsWith("mx.hostile.test", StringComparison.Ordinal));
    }

    [Fact(Timeout = 30_000)]
    public async Task An_MX_that_never_answers_EHLO_is_stopped_by_the_deadline()
    {
        using var silent = new LoopbackServer(async (stream, ct) =>
        {
            await LoopbackServer.WriteAsync(stream, "220 mx.hostile.test ESMTP\r\n", ct);
            await LoopbackServer.ReadLineAsync(stream, ct); // the EHLO, never answered
            await Task.Delay(Timeout.Infinite, ct);
        });

        var report = await Verify(domain.Options(ClosedPort(), silent.Port, TimeSpan.FromSeconds(3)));

        var deadline = Assert.Single(report.Checks, c => c.Id == "mx.deadline");
        Assert.Equal(CheckStatus.Fail, deadline.Status);
        Assert.Contains("mx.hostile.test: stopped by the 3 s deadline while waiting for the EHLO reply", deadline.Message);
        var ready = Assert.Single(report.Checks, c => c.Id == "mx.enforce-ready");
        Assert.Equal(CheckStatus.Skip, ready.Status); // the policy host is down, so there is no policy to judge by
    }

    [Fact(Timeout = 30_000)]
    public async Task A_one_megabyte_banner_is_cut_off_at_the_reply_line_limit()
    {
        using var chatty = new LoopbackServer(async (stream, ct) =>
        {
            await LoopbackServer.WriteAsync(stream, "220 ", ct);
            var chunk = new byte[64 * 1024];
            Array.Fill(chunk, (byte)'A');
            for (var i = 0; i < 16; i++)
            {
                await stream.WriteAsync(chunk, ct);
            }

            await LoopbackServer.WriteAsync(stream, "\r\n", ct);
        });

        var report = await Verify(domain.Options(ClosedPort(), chatty.Port, TimeSpan.FromSeconds(10)));

        var starttls = Assert.Single(report.Checks, c => c.Id == "mx.starttls");
        Assert.NotEqual(CheckStatus.Pass, starttls.Status);
        Assert.Contains("a reply line longer than 512 octets", starttls.Message);
        Assert.DoesNotContain(report.Checks, c => c.Id.EndsWith(".deadline", StringComparison.Ordinal));
    }

    [Fact(Timeout = 30_000)]
    public async Task An_EHLO_reply_that_never_ends_is_cut_off_at_the_reply_line_count_limit()
    {
        using var endless = new LoopbackServer(async (stream, ct) =>
        {
            await LoopbackServer.WriteAsync(stream, "220 mx.hostile.test ESMTP\r\n", ct);
            await LoopbackServer.ReadLineAsync(stream, ct);
            while (!ct.IsCancellationRequested)
            {
                await LoopbackServer.WriteAsync(stream, "250-SIZE 10240000\r\n", ct); // continuation lines, never a last one
            }
        });

        var report = await Verify(domain.Options(ClosedPort(), endless.Port, TimeSpan.FromSeconds(10)));

        var starttls = Assert.Single(report.Checks, c => c.Id == "mx.starttls");
        Assert.NotEqual(CheckStatus.Pass, starttls.Status);
        Assert.Contains("waiting for the EHLO reply of 127.0.0.1:", starttls.Message);
        Assert.Contains("a reply of more than 64 lines", starttls.Message);
        Assert.DoesNotContain(report.Checks, c => c.Id.EndsWith(".deadline", StringComparison.Ordinal));
    }

    [Fact(Timeout = 30_000)]
    public async Task A_DNS_server_that_never_answers_fails_every_area_in_bounded_time()
    {
        using var silent = new UdpClient(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0)); // bound, never read
        var options = domain.Options(ClosedPort(), ClosedPort(), TimeSpan.FromSeconds(1.5));
        options.DnsServer = (System.Net.IPEndPoint)silent.Client.LocalEndPoint!;

        var report = await Verify(options);

        // Each lookup ends by DnsClient's own timeout (bounded by the deadline) or by the deadline itself.
        Assert.Null(report.Policy);
        foreach (var area in new[] { CheckArea.Dns, CheckArea.Mx, CheckArea.TlsRpt })
        {
            Assert.Contains(report.Checks, c => c.Area == area && c.Status == CheckStatus.Fail
                && (c.Message.Contains("no answer from", StringComparison.Ordinal) || c.Message.Contains("1.5 s deadline", StringComparison.Ordinal)));
        }

        // A lookup that failed proves nothing: the misplaced-record check must not pass on it.
        Assert.DoesNotContain(report.Checks, c => c.Id == "dns.apex-record" && c.Status == CheckStatus.Pass);
    }

    [Fact(Timeout = 30_000)]
    public async Task A_DNS_server_that_never_answers_is_named_with_the_tries_it_got_in_plain_words()
    {
        // A deadline longer than the DNS client's two tries of 3 s: its own timeout ends the lookups, and the message
        // says what happened without the client's query ids and inner exceptions.
        using var silent = new UdpClient(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0)); // bound, never read
        var server = (System.Net.IPEndPoint)silent.Client.LocalEndPoint!;
        var options = domain.Options(ClosedPort(), null, TimeSpan.FromSeconds(9));
        options.DnsServer = server;

        var report = await Verify(options);

        var record = Assert.Single(report.Checks, c => c.Id == "dns.mta-sts-record");
        Assert.Equal(CheckStatus.Fail, record.Status);
        Assert.Equal($"the lookup failed: TXT _mta-sts.{domain.Name}: no answer from {server} (2 tries, 3 s each)", record.Message);
    }

    [Fact(Timeout = 30_000)]
    public async Task An_MX_host_whose_address_lookup_never_answers_is_stopped_by_the_deadline_not_called_unresolvable()
    {
        domain.Dns.Mx(domain.Name, 20, "mx2.hostile.test").Silent("mx2.hostile.test");

        var report = await Verify(domain.Options(ClosedPort(), ClosedPort(), TimeSpan.FromSeconds(2)));

        // Not answering in time is not the same as having no address: the message must say what happened.
        var deadline = Assert.Single(report.Checks, c => c.Id == "mx.deadline");
        Assert.Equal(CheckStatus.Fail, deadline.Status);
        Assert.Contains("mx2.hostile.test: stopped by the 2 s deadline while looking up the addresses of mx2.hostile.test", deadline.Message);
        Assert.DoesNotContain(report.Checks, c => c.Id == "mx.address");
        // The other MX host's address was found and its port 25 tried.
        Assert.Contains(report.Checks, c => c.Id == "mx.starttls" && c.Message.Contains("mx.hostile.test: cannot connect: 127.0.0.1:", StringComparison.Ordinal));
    }

    [Theory(Timeout = 30_000)]
    [InlineData(false)]
    [InlineData(true)] // the loop comes back inside one answer
    public async Task CNAME_loops_fail_the_lookups_they_are_in_and_nothing_hangs(bool serverChasesCnames)
    {
        using var looping = new LoopbackDomain("loop.test"); // its DNS server and CA; the loops are under loop2.test
        looping.Dns.ChasesCnames = serverChasesCnames;
        looping.Dns.Cname("_mta-sts.loop2.test", "a.loop2.test").Cname("a.loop2.test", "_mta-sts.loop2.test")
            .Cname("mta-sts.loop2.test", "mta-sts.loop2.test")
            .Cname("_smtp._tls.loop2.test", "b.loop2.test").Cname("b.loop2.test", "_smtp._tls.loop2.test");

        var report = await new Verifier(looping.Options(ClosedPort(), null, TimeSpan.FromSeconds(10))).VerifyAsync("loop2.test");

        var record = Assert.Single(report.Checks, c => c.Id == "dns.mta-sts-record");
        Assert.Equal(CheckStatus.Fail, record.Status);
        Assert.Contains($"a CNAME loop or a CNAME chain longer than {DnsLookup.MaxCnameChain}", record.Message);
        var host = Assert.Single(report.Checks, c => c.Id == "dns.policy-host");
        Assert.Equal(CheckStatus.Fail, host.Status);
        Assert.Contains("a CNAME loop", host.Message); // mta-sts.loop2.test is a CNAME to itself
        var tlsRpt = Assert.Single(report.Checks, c => c.Id == "tlsrpt.record");
        Assert.Equal(CheckStatus.Fail, tlsRpt.Status);
        Assert.DoesNotContain(report.Checks, c => c.Id.EndsWith(".deadline", StringComparison.Ordinal));
    }

    [Fact(Timeout = 30_000)]
    public async Task SERVFAIL_is_a_failed_lookup_not_an_absent_record()
    {
        using var broken = new LoopbackDomain("servfail.test"); // its DNS server and CA; the failures are under broken.test
        broken.Dns.ServerFailure("_mta-sts.broken.test").ServerFailure("broken.test").ServerFailure("_smtp._tls.broken.test")
            .A("mta-sts.broken.test", System.Net.IPAddress.Loopback);

        var report = await new Verifier(broken.Options(ClosedPort(), null, TimeSpan.FromSeconds(10))).VerifyAsync("broken.test");

        // RFC 8461 §3.1: a sender that cannot look the record up has learned nothing; it is not "no policy".
        var record = Assert.Single(report.Checks, c => c.Id == "dns.mta-sts-record");
        Assert.Equal(CheckStatus.Fail, record.Status);
        Assert.StartsWith("the lookup failed: TXT _mta-sts.broken.test:", record.Message);
        Assert.Equal(CheckStatus.Skip, Assert.Single(report.Checks, c => c.Id == "dns.apex-record").Status);
        var mx = Assert.Single(report.Checks, c => c.Id == "mx.records");
        Assert.Equal(CheckStatus.Fail, mx.Status);
        Assert.StartsWith("the MX lookup failed: MX broken.test:", mx.Message);
        var tlsRpt = Assert.Single(report.Checks, c => c.Id == "tlsrpt.record");
        Assert.Equal(CheckStatus.Fail, tlsRpt.Status);
        Assert.StartsWith("the lookup of _smtp._tls.broken.test failed:", tlsRpt.Message);
    }

    [Fact(Timeout = 30_000)]
    public async Task A_DNS_answer_that_does_not_parse_is_a_failed_lookup_not_an_exception()
    {
        using var broken = new LoopbackDomain("malformed.test"); // its DNS server and CA; the bad answers are under bad.test
        broken.Dns.Malformed("_mta-sts.bad.test").Malformed("mta-sts.bad.test").Malformed("bad.test").Malformed("_smtp._tls.bad.test");

        var report = await new Verifier(broken.Options(ClosedPort(), null, TimeSpan.FromSeconds(10))).VerifyAsync("bad.test");

        var record = Assert.Single(report.Checks, c => c.Id == "dns.mta-sts-record");
        Assert.Equal(CheckStatus.Fail, record.Status);
        Assert.StartsWith("the lookup failed: TXT _mta-sts.bad.test:", record.Message);
        Assert.Equal(CheckStatus.Fail, Assert.Single(report.Checks, c => c.Id == "dns.policy-host").Status);
        Assert.Equal(CheckStatus.Skip, Assert.Single(report.Checks, c => c.Id == "dns.apex-record").Status);
        Assert.Equal(CheckStatus.Fail, Assert.Single(report.Checks, c => c.Id == "mx.records").Status);
        Assert.Equal(CheckStatus.Fail, Assert.Single(report.Checks, c => c.Id == "tlsrpt.record").Status);
    }

    [Fact(Timeout = 30_000)]
    public async Task A_domain_too_long_for_its_MTA_STS_names_fails_those_lookups_instead_of_throwing()
    {
        // 253 characters is a valid domain, but _mta-sts., mta-sts. and _smtp._tls. in front of it exceed the 255
        // octets a DNS name may have (RFC 1035 §2.3.4): no sender can look those names up.
        var name = string.Join('.', new string('a', 63), new string('b', 63), new string('c', 63), new string('d', 56), "test");
        Assert.Equal(253, name.Length);

        var report = await new Verifier(domain.Options(ClosedPort(), null, TimeSpan.FromSeconds(10))).VerifyAsync(name);

        foreach (var id in new[] { "dns.mta-sts-record", "dns.policy-host", "tlsrpt.record" })
        {
            var check = Assert.Single(report.Checks, c => c.Id == id);
            Assert.Equal(CheckStatus.Fail, check.Status);
            Assert.Contains("the name is longer than DNS allows (255 octets, RFC 1035 §2.3.4)", check.Message);
        }

        Assert.Null(report.Policy);
    }

    [Fact(Timeout = 30_000)]
    public async Task A_long_policy_value_with_a_character_outside_the_BMP_is_shortened_without_breaking_the_JSON_report()
    {
        // The value is shortened to 80 characters for the message; the emoji's surrogate pair sits across that cut.
        var value = new string('a', 79) + "\U0001F600" + "bbbb";
        var policy = $"version: STSv1\nmode: testing\nmx: {value}\nmax_age: 86400\n";
        var certificate = domain.Certificates.Issue("mta-sts.hostile.test");
        using var https = new LoopbackServer(async (stream, ct) =>
        {
            await using var tls = await LoopbackServer.TlsAsync(stream, certificate, ct);
            await LoopbackServer.ReadRequestAsync(tls, ct);
            var body = System.Text.Encoding.UTF8.GetBytes(policy);
            await LoopbackServer.WriteAsync(tls, $"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {body.Length}\r\n\r\n", ct);
            await tls.WriteAsync(body, ct);
        });

        var report = await Verify(domain.Options(https.Port, null, TimeSpan.FromSeconds(10)));
        var json = VerificationJson.Serialize([report]);

        var mx = Assert.Single(report.Checks, c => c.Id == "policy-host.policy" && c.Message.Contains("aaaa", StringComparison.Ordinal));
        Assert.Equal(CheckStatus.Fail, mx.Status);
        Assert.Contains("mx \"" + new string('a', 79) + "...\"", mx.Message); // the whole emoji or none of it
        using var parsed = System.Text.Json.JsonDocument.Parse(json);
        Assert.Contains(parsed.RootElement.GetProperty("domains")[0].GetProperty("checks").EnumerateArray(),
            c => c.GetProperty("message").GetString() == mx.Message);
    }

    [Fact(Timeout = 30_000)]
    public async Task Control_characters_in_a_served_policy_are_escaped_in_the_report()
    {
        // A terminal escape in a policy value must not reach the reader's terminal (or the JSON) as is.
        const string Policy = "version: STSv1\nmode: testing\nmx: mx\u001b[2J.hostile.test\nmax_age: 86400\n";
        var certificate = domain.Certificates.Issue("mta-sts.hostile.test");
        using var https = new LoopbackServer(async (stream, ct) =>
        {
            await using var tls = await LoopbackServer.TlsAsync(stream, certificate, ct);
            await LoopbackServer.ReadRequestAsync(tls, ct);
            await LoopbackServer.WriteAsync(tls, $"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {Policy.Length}\r\n\r\n{Policy}", ct);
        });

        var report = await Verify(domain.Options(https.Port, null, TimeSpan.FromSeconds(10)));

        var mx = Assert.Single(report.Checks, c => c.Id == "policy-host.policy" && c.Status == CheckStatus.Fail);
        Assert.Contains("mx \"mx\\x1B[2J.hostile.test\"", mx.Message);
        Assert.All(report.Checks, c => Assert.DoesNotContain(c.Message, char.IsControl));
    }

    [Fact(Timeout = 30_000)]
    public async Task Control_characters_in_an_SMTP_greeting_and_a_TXT_record_are_escaped_in_the_report()
    {
        domain.Dns.Txt("_smtp._tls.hostile.test", "v=TLSRPTv1;\u001b]0;owned\u0007 rua=mailto:r@hostile.test");
        using var rude = new LoopbackServer(async (stream, ct) =>
            await LoopbackServer.WriteAsync(stream, "554 \u001b[31mgo away\u001b[0m\r\n", ct));

        var report = await Verify(domain.Options(ClosedPort(), rude.Port, TimeSpan.FromSeconds(10)));

        var starttls = Assert.Single(report.Checks, c => c.Id == "mx.starttls");
        Assert.Contains("the greeting is \"554 \\x1B[31mgo away\\x1B[0m\", not 220", starttls.Message);
        Assert.Contains(report.Checks, c => c.Id == "tlsrpt.record" && c.Message.Contains("\\x1B]0;owned\\x07", StringComparison.Ordinal));
        Assert.All(report.Checks, c => Assert.DoesNotContain(c.Message, char.IsControl));
    }

    [Fact(Timeout = 30_000)]
    public async Task Control_characters_in_a_certificate_s_names_are_escaped_in_the_report()
    {
        // A subject alternative name whose dNSName (an IA5String, RFC 5280 §4.2.1.6) holds a terminal escape, and a
        // subject CN with one: both are quoted in the certificate checks.
        byte[] dnsName = [.. "mta-sts.hostile.test\u001b[2J"u8];
        var san = new System.Security.Cryptography.X509Certificates.X509Extension(
            "2.5.29.17", [0x30, (byte)(dnsName.Length + 2), 0x82, (byte)dnsName.Length, .. dnsName], false);
        var certificate = domain.Certificates.Issue("evil\u001b]0;owned\u0007", san);
        using var https = new LoopbackServer(async (stream, ct) =>
        {
            await using var tls = await LoopbackServer.TlsAsync(stream, certificate, ct);
            await LoopbackServer.ReadRequestAsync(tls, ct);
            await LoopbackServer.WriteAsync(tls, "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", ct);
        });

        var report = await Verify(domain.Options(https.Port, null, TimeSpan.FromSeconds(10)));

        Assert.Contains(report.Checks, c => c.Id == "policy-host.certificate.trust" && c.Message.Contains("\\x1B]0;owned\\x07", StringComparison.Ordinal));
        var name = Assert.Single(report.Checks, c => c.Id == "policy-host.certificate.name");
        Assert.NotEqual(CheckStatus.Pass, name.Status);
        Assert.Contains("mta-sts.hostile.test\\x1B[2J", name.Message);
        Assert.All(report.Checks, c => Assert.DoesNotContain(c.Message, char.IsControl));
    }

    [Fact(Timeout = 30_000)]
    public async Task The_type_and_size_of_a_redirect_page_are_not_judged_as_the_policy_s()
    {
        // RFC 8461 §3.3: only a 200 answer carries a policy. The redirect is the fault; "serve the policy as
        // text/plain" or "serve only the policy" about its HTML page would send the owner after the wrong thing.
        var certificate = domain.Certificates.Issue("mta-sts.hostile.test");
        var page = "<html>" + new string(' ', 70_000) + "</html>";
        using var redirecting = new LoopbackServer(async (stream, ct) =>
        {
            await using var tls = await LoopbackServer.TlsAsync(stream, certificate, ct);
            await LoopbackServer.ReadRequestAsync(tls, ct);
            await LoopbackServer.WriteAsync(tls, "HTTP/1.1 302 Found\r\nLocation: https://www.hostile.test/\r\nContent-Type: text/html\r\n"
                + $"Content-Length: {page.Length}\r\nConnection: close\r\n\r\n{page}", ct);
        });

        var report = await Verify(domain.Options(redirecting.Port, null, TimeSpan.FromSeconds(10)));

        var status = Assert.Single(report.Checks, c => c.Id == "policy-host.status");
        Assert.Equal(CheckStatus.Fail, status.Status);
        Assert.Contains("HTTP 302 redirect to https://www.hostile.test/", status.Message);
        var type = Assert.Single(report.Checks, c => c.Id == "policy-host.content-type");
        Assert.Equal(CheckStatus.Skip, type.Status);
        Assert.Equal("Content-Type \"text/html\" not judged: the answer was HTTP 302, not a policy", type.Message);
        Assert.DoesNotContain(report.Checks, c => c.Id == "policy-host.size");
        Assert.Equal(CheckStatus.Skip, Assert.Single(report.Checks, c => c.Id == "policy-host.policy").Status);
        Assert.Single(report.Checks, c => c.Area == CheckArea.PolicyHost && c.Status == CheckStatus.Fail);
    }

    /// <summary>Verifies against a policy host that answers 301 with <paramref name="location"/> as sent.</summary>
    private async Task<VerificationReport> Redirect(string location)
    {
        var certificate = domain.Certificates.Issue("mta-sts.hostile.test");
        using var redirecting = new LoopbackServer(async (stream, ct) =>
        {
            await using var tls = await LoopbackServer.TlsAsync(stream, certificate, ct);
            await LoopbackServer.ReadRequestAsync(tls, ct);
            await LoopbackServer.WriteAsync(tls,
                $"HTTP/1.1 301 Moved Permanently\r\nLocation: {location}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", ct);
        });

        return await Verify(domain.Options(redirecting.Port, null, TimeSpan.FromSeconds(10)));
    }

    private async Task<VerificationReport> Verify(VerificationOptions options) =>
        await new Verifier(options).VerifyAsync(domain.Name);

    /// <summary>A port on 127.0.0.1 that refuses connections (bound, then released).</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
