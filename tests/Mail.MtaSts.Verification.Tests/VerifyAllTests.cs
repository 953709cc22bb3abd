using Mail.MtaSts.Verification.Tests.Loopback;

namespace Mail.MtaSts.Verification.Tests;

/// <summary>
/// <see cref="Verifier.VerifyAllAsync"/>, the engine of <c>mta-sts verify --concurrency</c>: domains checked at once
/// keep their facts apart, and a consumer that stops reading does not leave verifications running behind it.
/// </summary>
public sealed class VerifyAllTests : IDisposable
{
    private readonly LoopbackDomain world = new("all.test");

    public void Dispose() => world.Dispose();

    [Fact(Timeout = 60_000)]
    public async Task Domains_verified_at_once_each_get_their_own_facts()
    {
        var domains = Enumerable.Range(1, 24).Select(i => $"d{i}.all.test").ToList();
        foreach (var (domain, i) in domains.Select((d, i) => (d, i)))
        {
            world.Dns.Txt($"_mta-sts.{domain}", $"v=STSv1; id=id{i}x").Txt($"_smtp._tls.{domain}", $"v=TLSRPTv1; rua=mailto:r{i}@{domain}");
        }

        var options = world.Options(1, null, TimeSpan.FromSeconds(20));
        options.Concurrency = 8;
        var reports = new List<VerificationReport>();
        await foreach (var report in new Verifier(options).VerifyAllAsync(domains))
        {
            reports.Add(report);
        }

        Assert.Equal(domains.Order(), reports.Select(r => r.Domain).Order());
        foreach (var report in reports)
        {
            var i = domains.IndexOf(report.Domain);
            Assert.Contains($"id=id{i}x", Assert.Single(report.Checks, c => c.Id == "dns.mta-sts-record").Message);
            Assert.Contains($"mailto:r{i}@{report.Domain}", Assert.Single(report.Checks, c => c.Id == "tlsrpt.rua").Message);
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task A_consumer_that_stops_after_the_first_report_stops_the_remaining_verifications()
    {
        // d2's DNS never answers, so d2 runs until its 3 s deadline unless it is stopped; one domain at a time.
        world.Dns.Silent("_mta-sts.d2.stop.test").Silent("mta-sts.d2.stop.test").Silent("d2.stop.test").Silent("_smtp._tls.d2.stop.test");
        var options = world.Options(1, null, TimeSpan.FromSeconds(3));
        options.Concurrency = 1;
        var domains = Enumerable.Range(1, 5).Select(i => $"d{i}.stop.test").ToList();

        await foreach (var report in new Verifier(options).VerifyAllAsync(domains))
        {
            Assert.Equal("d1.stop.test", report.Domain);
            break;
        }

        // Left running, d2 would end at its deadline, its report would fill the channel and d3 would start.
        await Task.Delay(TimeSpan.FromSeconds(5));
        Assert.DoesNotContain(world.Dns.Asked, n => n.EndsWith("d3.stop.test", StringComparison.Ordinal));
    }
}
