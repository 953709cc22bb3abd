using Mail.MtaSts.Components.Aws;
using static Mail.MtaSts.Components.Tests.TestDeployment;

namespace Mail.MtaSts.Components.Tests;

/// <summary>Invalid arguments fail at construction with the core's message, before any resource registers.</summary>
public sealed class ArgumentTests
{
    public static TheoryData<string, Action<MtaStsDomainArgs>, string> BadArgs => new()
    {
        { "domain", a => a.Domain = "exa mple.com", "domain" },
        { "wildcard", a => a.MxHosts = ["*.*.example.com"], "mx[0]" },
        { "max_age", a => a.MaxAge = 31_557_601, "max_age" },
        { "report uri", a => a.TlsRptReportUris = ["ftp://reports.example.com/"], "rua" },
        { "quote in a report uri", a => a.TlsRptReportUris = [@"mailto:""tlsrpt""@example.com"], "rua" },
        { "hosting", a => a.Hosting = null, "Hosting" },
        { "zone", a => a.Hosting = new AwsHosting(), "Dns" },
        { "host name too long for ACM", a => a.Domain = new string('a', 50) + ".example.com", "Domain" },
        { "gate without a fetch", a => a.PublicationGate.ConsecutiveMatches = 0, "PublicationGate.ConsecutiveMatches" },
        { "gate wait too short", a => a.PublicationGate.MaxWait = TimeSpan.FromSeconds(3), "PublicationGate.MaxWait" },
        { "gate dns server", a => a.Verification.DnsServer = System.Net.IPEndPoint.Parse("0.0.0.0:53"), "Verification.DnsServer" },
    };

    [Theory]
    [MemberData(nameof(BadArgs))]
    public async Task A_bad_argument_throws_the_core_exception_and_registers_nothing(string _, Action<MtaStsDomainArgs> spoil, string field)
    {
        foreach (var preview in new[] { true, false })
        {
            var mocks = new RecordingMocks();
            var args = Args(OnAws());
            spoil(args);

            var (thrown, resources) = await TryDeployAsync(mocks, args, preview, CoveredMx());

            var error = Assert.IsType<MtaStsException>(thrown);
            Assert.Contains(error.Diagnostics, d => d.Field.StartsWith(field, StringComparison.Ordinal));
            Assert.All(error.Diagnostics, d => Assert.Matches(@"^RFC \d+ §\d", d.Section));
            Assert.Empty(mocks.Registrations);
            Assert.Empty(resources.OfType<MtaStsDomain>());
        }
    }

    [Fact]
    public async Task Every_problem_is_named_at_once()
    {
        var mocks = new RecordingMocks();
        var args = new MtaStsDomainArgs { Domain = "-bad-.example", MxHosts = ["*.*.example.com"], MaxAge = -1 };

        var (thrown, _) = await TryDeployAsync(mocks, args, preview: true, CoveredMx());

        var error = Assert.IsType<MtaStsException>(thrown);
        Assert.True(error.Diagnostics.Count >= 4, error.Message);
        Assert.Contains("Hosting", error.Message);
        Assert.Contains("*.*.example.com", error.Message);
    }
}
