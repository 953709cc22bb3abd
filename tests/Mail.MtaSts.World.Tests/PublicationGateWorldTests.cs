using Mail.MtaSts.Verification;

namespace Mail.MtaSts.World.Tests;

/// <summary>
/// The publication gate (RFC 8461 §8.1) against the world's real servers: knot answers for <c>mta-sts.&lt;case&gt;</c>,
/// nginx serves the case's <c>policy.txt</c>, which these tests rewrite while the gate waits (the <c>gate-*</c> cases,
/// tests/world/README.md). The gate passes a host once it served the new bytes on three fetches in a row, gives up
/// on one that never does within its bound, naming what it serves, and does not let a flapping host through early.
/// </summary>
public sealed class PublicationGateWorldTests
{
    [Fact(Timeout = 120_000)]
    public async Task A_host_whose_bytes_change_after_a_delay_passes_once_it_served_them_three_times_in_a_row()
    {
        const string Name = "gate-delayed";
        using var served = new ServedPolicyFile(Name);
        var domain = TestWorld.CaseFile(Name, "domain.txt")!;
        var update = NewPolicy(domain);
        Task? deployed = null;
        async Task DeployLaterAsync()
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            served.Serve(update);
        }

        // The new bytes land a second after the gate's second look at the old ones, as a slow edge would serve them.
        var result = await Gate(TimeSpan.FromSeconds(60)).WaitAsync(domain, update, (fetch, _) => deployed ??= fetch.Fetch == 2 ? DeployLaterAsync() : null);
        await deployed!;

        Assert.True(result.Observed, result.Message);
        Assert.Equal(3, result.Matches);
        Assert.InRange(result.Fetches, 5, 60);
        Assert.False(result.Flapped);
        // What it served before: the case's published policy, with the id the world published for it.
        Assert.Equal(TestWorld.CaseFile(Name, "policy-id.txt"), result.ServedInstead!.Id!.Value);
        Assert.Equal("line 4 is \"max_age: 86400\", expected \"max_age: 604800\"", result.ServedInstead.Difference);
    }

    [Fact(Timeout = 120_000)]
    public async Task A_host_that_never_serves_the_new_bytes_fails_within_the_bound_naming_what_it_serves()
    {
        const string Name = "gate-unchanged";
        var domain = TestWorld.CaseFile(Name, "domain.txt")!;
        var update = NewPolicy(domain);
        var old = TestWorld.CaseBytes(Name, "policy.txt");
        var oldId = TestWorld.CaseFile(Name, "policy-id.txt");
        var maxWait = TimeSpan.FromSeconds(6);
        var waits = new List<TimeSpan>();

        var result = await Gate(maxWait).WaitAsync(domain, update, (_, wait) => waits.Add(wait));

        Assert.False(result.Observed);
        Assert.Equal(0, result.Matches);
        // No fetch starts after MaxWait and one still running then is stopped: the update fails in bounded time.
        Assert.True(result.Elapsed < maxWait + TimeSpan.FromSeconds(1), $"the gate took {result.Elapsed}");
        Assert.Equal([200, 400, 800, 1000], waits.Take(4).Select(w => w.TotalMilliseconds));
        var instead = result.ServedInstead!;
        Assert.Equal((200, "text/plain", oldId), (instead.Status, instead.ContentType, instead.Id?.Value));
        Assert.Equal($"https://mta-sts.{domain}/.well-known/mta-sts.txt did not serve the new policy (id {PolicyId.ForPolicy(update).Value}) "
            + $"on 3 fetches in a row within 6 s: {result.Fetches} fetches in {result.Elapsed.TotalSeconds:0.#} s, none got it; the last "
            + $"answer without it: HTTP 200, Content-Type \"text/plain\", {old.Length} bytes from 127.0.0.43:443: line 4 is \"max_age: 86400\", "
            + $"expected \"max_age: 604800\"; their id would be {oldId}", result.Message);
    }

    [Fact(Timeout = 120_000)]
    public async Task A_flapping_host_passes_only_after_three_fetches_in_a_row()
    {
        const string Name = "gate-flapping";
        using var served = new ServedPolicyFile(Name);
        var domain = TestWorld.CaseFile(Name, "domain.txt")!;
        var update = NewPolicy(domain);

        // Fetch 1 sees the old bytes, then the host serves new, old, and from then on new.
        var result = await Gate(TimeSpan.FromSeconds(60)).WaitAsync(domain, update,
            (fetch, _) => served.Serve(fetch.Fetch == 2 ? served.Original : update));

        Assert.True(result.Observed, result.Message);
        Assert.Equal((6, 4), (result.Fetches, result.Matches));
        Assert.True(result.Flapped);
        Assert.Contains("before that it alternated between the new policy and other answers", result.Message);
    }

    [Fact(Timeout = 120_000)]
    public async Task A_host_that_keeps_flapping_fails_naming_the_flapping()
    {
        const string Name = "gate-flapping";
        using var served = new ServedPolicyFile(Name);
        var domain = TestWorld.CaseFile(Name, "domain.txt")!;
        var update = NewPolicy(domain);

        // Old, new, old, new...: never two fetches in a row with the new bytes.
        var result = await Gate(TimeSpan.FromSeconds(4)).WaitAsync(domain, update,
            (fetch, _) => served.Serve(fetch.Fetch % 2 == 1 ? update : served.Original));

        Assert.False(result.Observed);
        Assert.True(result.Flapped);
        Assert.Contains($"{result.Matches} got it but never 3 in a row: the host alternates between the new policy and other answers", result.Message);
        Assert.Equal(TestWorld.CaseFile(Name, "policy-id.txt"), result.ServedInstead!.Id!.Value);
    }

    /// <summary>The update the gate waits for: the case's enforce policy with a week's max_age instead of a day's.</summary>
    private static byte[] NewPolicy(string domain) => DeploymentPlan.Create(new PolicySettings
    {
        Domain = domain,
        Mx = ["mx1.example.test"],
        Mode = PolicyMode.Enforce,
        MaxAge = 604_800,
    }).PolicyBytes;

    /// <summary>A gate resolving through the world's DNS and trusting its CA, backing off from 0.2 s to 1 s.</summary>
    private static PublicationGate Gate(TimeSpan maxWait)
    {
        var world = TestWorld.Options();
        var options = new PublicationGateOptions
        {
            DnsServer = world.DnsServer,
            Timeout = TimeSpan.FromSeconds(5),
            ConsecutiveMatches = 3,
            MaxWait = maxWait,
            RetryDelay = TimeSpan.FromMilliseconds(200),
            MaxRetryDelay = TimeSpan.FromSeconds(1),
        };
        options.TrustRoots.AddRange(world.TrustRoots);
        return new PublicationGate(options);
    }
}
