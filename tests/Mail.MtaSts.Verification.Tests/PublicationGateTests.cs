using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Text;
using Mail.MtaSts.Verification.Tests.Loopback;

namespace Mail.MtaSts.Verification.Tests;

/// <summary>
/// The publication gate (RFC 8461 §8.1) against an in-process HTTPS policy host and DNS server on loopback: it fetches
/// the way a sender does, counts only what a sender would take, backs off, stays within its bound, passes a flapping
/// host only after N fetches in a row, and says exactly what was served instead. Its settings are refused with field,
/// value and rule. The gate against the world's nginx: World/PublicationGateWorldTests.cs.
/// </summary>
public sealed class PublicationGateTests : IDisposable
{
    private const string Name = "gate.test";
    private const string Host = $"mta-sts.{Name}";
    private readonly LoopbackDomain domain = new(Name);
    private readonly ConcurrentQueue<string> sni = new();
    private int requests;

    /// <summary>The policy being deployed: the move from testing to enforce, as the core renders it.</summary>
    private static readonly byte[] NewPolicy = Plan(PolicyMode.Enforce).PolicyBytes;

    /// <summary>The policy still served before the update reaches the host.</summary>
    private static readonly byte[] OldPolicy = Plan(PolicyMode.Testing).PolicyBytes;

    public void Dispose() => domain.Dispose();

    [Fact(Timeout = 30_000)]
    public async Task Every_fetch_resolves_the_host_afresh_and_connects_anew_with_SNI()
    {
        using var https = PolicyHost(_ => Ok(NewPolicy));

        var result = await Gate(https).WaitAsync(Name, NewPolicy);

        Assert.True(result.Observed, result.Message);
        Assert.Equal((3, 3), (result.Fetches, result.Matches));
        Assert.Null(result.ServedInstead);
        // RFC 8461 §3.3: a sender resolves mta-sts.<domain> and connects with SNI; nothing is reused between fetches.
        Assert.Equal(3, domain.Dns.Questions.Count(q => q == $"{Host} A"));
        Assert.Equal(3, requests);
        Assert.Equal([Host, Host, Host], sni);
        Assert.StartsWith($"https://{Host}/.well-known/mta-sts.txt served the new policy (id {PolicyId.ForPolicy(NewPolicy).Value}) "
            + "on 3 fetches in a row, after 3 fetches in ", result.Message);
    }

    [Fact(Timeout = 30_000)]
    public async Task A_host_still_serving_the_old_policy_fails_within_the_bound_naming_its_bytes_and_their_id()
    {
        using var https = PolicyHost(_ => Ok(OldPolicy));
        var waits = new List<TimeSpan>();

        var result = await Gate(https, maxWait: TimeSpan.FromSeconds(4)).WaitAsync(Name, NewPolicy, (_, wait) => waits.Add(wait));

        Assert.False(result.Observed);
        Assert.Equal(0, result.Matches);
        // The fetch the bound cuts short is not counted, though its request may have reached the host.
        Assert.InRange(requests, result.Fetches, result.Fetches + 1);
        // Exponential backoff from RetryDelay, capped at MaxRetryDelay.
        Assert.Equal([100, 200, 400, 400], waits.Take(4).Select(w => w.TotalMilliseconds));
        var served = result.ServedInstead!;
        Assert.Equal((200, "text/plain; charset=utf-8"), (served.Status, served.ContentType));
        Assert.Equal("line 2 is \"mode: testing\", expected \"mode: enforce\"", served.Difference);
        Assert.Equal(PolicyId.ForPolicy(OldPolicy), served.Id);
        Assert.Null(served.Problem);
        Assert.Equal($"https://{Host}/.well-known/mta-sts.txt did not serve the new policy (id {PolicyId.ForPolicy(NewPolicy).Value}) on 3 "
            + $"fetches in a row within 4 s: {result.Fetches} fetches in {result.Elapsed.TotalSeconds:0.#} s, none got it; the last answer "
            + $"without it: HTTP 200, Content-Type \"text/plain; charset=utf-8\", {OldPolicy.Length} bytes from 127.0.0.1:{https.Port}: "
            + $"line 2 is \"mode: testing\", expected \"mode: enforce\"; their id would be {PolicyId.ForPolicy(OldPolicy).Value}", result.Message);
    }

    [Fact(Timeout = 30_000)]
    public async Task A_flapping_host_passes_only_after_three_fetches_in_a_row()
    {
        // A CDN whose edges are not all updated: new, old, new, old, then only new.
        using var https = PolicyHost(n => Ok(n is 2 or 4 ? OldPolicy : NewPolicy));
        var waits = new List<TimeSpan>();

        var result = await Gate(https).WaitAsync(Name, NewPolicy, (_, wait) => waits.Add(wait));

        Assert.True(result.Observed, result.Message);
        Assert.Equal((7, 5), (result.Fetches, result.Matches));
        Assert.True(result.Flapped);
        // After a fetch with the new bytes the backoff starts over: the old bytes after it are waited out from RetryDelay.
        Assert.All(waits, w => Assert.Equal(100, w.TotalMilliseconds));
        Assert.Contains("before that it alternated between the new policy and other answers", result.Message);
        Assert.Contains("line 2 is \"mode: testing\", expected \"mode: enforce\"", result.Message);
    }

    [Fact(Timeout = 30_000)]
    public async Task A_host_that_keeps_flapping_fails_naming_the_flapping()
    {
        using var https = PolicyHost(n => Ok(n % 2 == 0 ? OldPolicy : NewPolicy));

        var result = await Gate(https, maxWait: TimeSpan.FromSeconds(3)).WaitAsync(Name, NewPolicy);

        Assert.False(result.Observed);
        Assert.True(result.Flapped);
        Assert.InRange(result.Matches, 1, result.Fetches - 1);
        Assert.Contains($"{result.Matches} got it but never 3 in a row: the host alternates between the new policy and other answers", result.Message);
        Assert.Equal(PolicyId.ForPolicy(OldPolicy), result.ServedInstead!.Id);
    }

    [Fact(Timeout = 30_000)]
    public async Task The_new_bytes_served_as_html_do_not_count()
    {
        using var https = PolicyHost(_ => Response("200 OK", "text/html", NewPolicy));

        var result = await Gate(https, maxWait: TimeSpan.FromSeconds(3)).WaitAsync(Name, NewPolicy);

        Assert.False(result.Observed);
        var served = result.ServedInstead!;
        Assert.Null(served.Difference);
        Assert.Equal("Content-Type \"text/html\": the policy must be served as text/plain (RFC 8461 §3.2)", served.Problem);
        Assert.Equal($"HTTP 200, Content-Type \"text/html\", {NewPolicy.Length} bytes from 127.0.0.1:{https.Port}: the expected bytes; "
            + "Content-Type \"text/html\": the policy must be served as text/plain (RFC 8461 §3.2)", served.ToString());
    }

    [Fact(Timeout = 30_000)]
    public async Task A_redirect_to_the_new_policy_is_not_followed()
    {
        using var https = PolicyHost(_ => Encoding.ASCII.GetBytes(
            "HTTP/1.1 301 Moved Permanently\r\nLocation: https://policy.provider.test/.well-known/mta-sts.txt\r\n"
            + "Content-Type: text/html\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"));

        var result = await Gate(https, maxWait: TimeSpan.FromSeconds(3)).WaitAsync(Name, NewPolicy);

        Assert.False(result.Observed);
        Assert.Equal(result.Fetches, requests);
        var served = result.ServedInstead!;
        Assert.Equal(301, served.Status);
        Assert.Null(served.Id);
        Assert.Equal("status \"301\": only status 200 is a valid policy response; redirects are not followed (RFC 8461 §3.3)", served.Problem);
    }

    [Fact(Timeout = 30_000)]
    public async Task A_certificate_for_another_name_does_not_count()
    {
        using var https = PolicyHost(_ => Ok(NewPolicy), certificateName: $"www.{Name}");

        var result = await Gate(https, maxWait: TimeSpan.FromSeconds(3)).WaitAsync(Name, NewPolicy);

        Assert.False(result.Observed);
        var problem = result.ServedInstead!.Problem!;
        Assert.Contains($"certificate of {Host} is not valid for {Host}: it names www.{Name}", problem);
        Assert.EndsWith("(RFC 8461 §3.3)", problem);
    }

    [Fact(Timeout = 30_000)]
    public async Task A_policy_host_that_does_not_resolve_is_named()
    {
        using var https = PolicyHost(_ => Ok(NewPolicy));

        var result = await Gate(https, maxWait: TimeSpan.FromSeconds(3)).WaitAsync("elsewhere.test", NewPolicy);

        Assert.False(result.Observed);
        Assert.Equal("mta-sts.elsewhere.test does not resolve: no A or AAAA record", result.ServedInstead!.ToString());
        Assert.Equal(0, requests);
    }

    [Fact(Timeout = 30_000)]
    public async Task A_fetch_that_stalls_is_stopped_by_its_timeout()
    {
        using var stalling = new LoopbackServer((_, ct) => Task.Delay(Timeout.Infinite, ct));
        var options = Options(stalling.Port, TimeSpan.FromSeconds(2));
        options.Timeout = TimeSpan.FromMilliseconds(300);

        var result = await new PublicationGate(options).WaitAsync(Name, NewPolicy);

        Assert.False(result.Observed);
        Assert.Equal($"no answer within 0.3 s, while TLS handshake with 127.0.0.1:{stalling.Port}", result.ServedInstead!.ToString());
    }

    [Theory]
    [InlineData("DnsServer", "0.0.0.0:53", "expected the address and port of a DNS server: 0.0.0.0 and :: are no destination")]
    [InlineData("Timeout", "00:00:00", "a fetch needs a deadline longer than 0 and at most 1 day")]
    [InlineData("Timeout", "2.00:00:00", "a fetch needs a deadline longer than 0 and at most 1 day")]
    [InlineData("ConsecutiveMatches", "0", "from 1 to 100 fetches in a row must see the new bytes")]
    [InlineData("ConsecutiveMatches", "101", "from 1 to 100 fetches in a row must see the new bytes")]
    [InlineData("MaxWait", "-00:00:01", "the wait for the new bytes must be longer than 0 and at most 1 day")]
    [InlineData("RetryDelay", "00:00:00", "the wait between fetches must be longer than 0")]
    [InlineData("MaxRetryDelay", "00:00:01", "the longest wait between fetches must be at least RetryDelay (00:00:02)")]
    public void A_setting_that_cannot_work_is_refused_naming_field_value_and_rule(string field, string value, string rule)
    {
        var options = new PublicationGateOptions();
        switch (field)
        {
            case "DnsServer": options.DnsServer = IPEndPoint.Parse(value); break;
            case "ConsecutiveMatches": options.ConsecutiveMatches = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
            case "Timeout": options.Timeout = TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
            case "MaxWait": options.MaxWait = TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
            case "RetryDelay": options.RetryDelay = TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
            default: options.MaxRetryDelay = TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
        }

        var error = Assert.Throws<MtaStsException>(() => new PublicationGate(options));

        var problem = Assert.Single(error.Diagnostics);
        Assert.Equal((field, value), (problem.Field, problem.Value));
        Assert.Contains(rule, problem.Rule);
        Assert.Equal(field, error.ParamName);
        Assert.Contains($"{field} \"{value}\": {rule}", error.Message);
    }

    [Fact]
    public void A_wait_too_short_for_the_matches_is_refused_and_every_problem_named_at_once()
    {
        var options = new PublicationGateOptions { ConsecutiveMatches = 5, RetryDelay = TimeSpan.FromSeconds(30), MaxWait = TimeSpan.FromMinutes(1) };
        options.Timeout = TimeSpan.Zero;

        var error = Assert.Throws<MtaStsException>(() => new PublicationGate(options));

        Assert.Equal(["Timeout", "MaxWait"], error.Diagnostics.Select(d => d.Field));
        var tooShort = error.Diagnostics[1];
        Assert.Equal("00:01:00", tooShort.Value);
        Assert.Equal("5 fetches RetryDelay (00:00:30) apart take 00:02:00: the gate could never pass", tooShort.Rule);
        Assert.Equal("RFC 8461 §8.1", tooShort.Section);
    }

    [Fact]
    public void The_defaults_are_accepted()
    {
        var options = new PublicationGateOptions();

        _ = new PublicationGate(options);

        Assert.Equal((3, TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(10)),
            (options.ConsecutiveMatches, options.MaxWait, options.RetryDelay, options.MaxRetryDelay, options.Timeout));
    }

    [Theory(Timeout = 30_000)]
    [InlineData("mta-sts..gate.test", "domain")]
    [InlineData(Name, "line")]
    public async Task A_domain_or_policy_that_is_none_is_refused_before_anything_is_fetched(string name, string field)
    {
        using var https = PolicyHost(_ => Ok(NewPolicy));
        var policy = field == "line" ? Encoding.ASCII.GetBytes("<html>the new policy</html>\n") : NewPolicy;

        var error = await Assert.ThrowsAsync<MtaStsException>(() => Gate(https).WaitAsync(name, policy));

        Assert.Equal(field, error.Diagnostics[0].Field);
        Assert.Empty(domain.Dns.Questions);
        Assert.Equal(0, requests);
    }

    private static DeploymentPlan Plan(PolicyMode mode) => DeploymentPlan.Create(new PolicySettings
    {
        Domain = Name,
        Mx = [$"mx.{Name}"],
        Mode = mode,
    });

    private PublicationGate Gate(LoopbackServer https, TimeSpan? maxWait = null) =>
        new(Options(https.Port, maxWait ?? TimeSpan.FromSeconds(20)));

    private PublicationGateOptions Options(int port, TimeSpan maxWait)
    {
        var options = new PublicationGateOptions
        {
            DnsServer = domain.Dns.Endpoint,
            Timeout = TimeSpan.FromSeconds(5),
            ConsecutiveMatches = 3,
            MaxWait = maxWait,
            RetryDelay = TimeSpan.FromMilliseconds(100),
            MaxRetryDelay = TimeSpan.FromMilliseconds(400),
            HttpsPort = port,
        };
        options.TrustRoots.Add(domain.Certificates.Authority);
        return options;
    }

    /// <summary>An HTTPS policy host answering request n (from 1) with <paramref name="respond"/>(n); it records each SNI.</summary>
    private LoopbackServer PolicyHost(Func<int, byte[]> respond, string certificateName = Host)
    {
        var certificate = domain.Certificates.Issue(certificateName);
        return new LoopbackServer(async (stream, ct) =>
        {
            await using var tls = new SslStream(stream, leaveInnerStreamOpen: true);
            await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
            {
                ServerCertificateSelectionCallback = (_, name) =>
                {
                    sni.Enqueue(name ?? "");
                    return certificate;
                },
            }, ct);
            await LoopbackServer.ReadRequestAsync(tls, ct);
            await tls.WriteAsync(respond(Interlocked.Increment(ref requests)), ct);
            await tls.FlushAsync(ct);
        });
    }

    private static byte[] Ok(byte[] policy) => Response("200 OK", "text/plain; charset=utf-8", policy);

    private static byte[] Response(string status, string contentType, byte[] body) =>
        [.. Encoding.ASCII.GetBytes($"HTTP/1.1 {status}\r\nContent-Type: {contentType}\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n"), .. body];
}
