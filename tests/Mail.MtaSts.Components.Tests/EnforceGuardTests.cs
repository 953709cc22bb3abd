using System.Net;
using static Mail.MtaSts.Components.Tests.TestDeployment;

namespace Mail.MtaSts.Components.Tests;

/// <summary>
/// In enforce mode an update fails when a live MX host is not covered by the mx patterns (RFC 8461 §4.1, §5), since
/// enforcing senders would refuse to deliver to it; a preview does not look, testing mode only warns.
/// </summary>
public sealed class EnforceGuardTests
{
    private static FakeMxLookup Uncovered() => new("mx1.example.com.", "mx-backup.example.net.");

    [Fact]
    public async Task An_update_in_enforce_mode_fails_naming_the_mx_and_the_patterns()
    {
        var mocks = new RecordingMocks();

        var (thrown, _) = await TryDeployAsync(mocks, Args(OnAws()), preview: false, Uncovered());

        var error = Assert.IsType<MtaStsException>(thrown);
        var diagnostic = Assert.Single(error.Diagnostics);
        Assert.Equal("mx-backup.example.net", diagnostic.Value);
        Assert.Contains("mx1.example.com, *.mail.protection.outlook.com", error.Message);
        Assert.Contains("RFC 8461 §4.1", error.Message);
        Assert.Empty(mocks.Registrations);
    }

    [Fact]
    public async Task A_preview_does_not_look_up_the_live_mx()
    {
        var mocks = new RecordingMocks();
        var mx = Uncovered();

        var (thrown, _) = await TryDeployAsync(mocks, Args(OnAws()), preview: true, mx);

        Assert.Null(thrown);
        Assert.Equal(0, mx.Lookups);
        Assert.NotEmpty(mocks.Registrations);
    }

    [Fact]
    public async Task The_opt_out_deploys_anyway()
    {
        var mocks = new RecordingMocks();
        var args = Args(OnAws());
        args.AllowUncoveredMx = true;
        var mx = Uncovered();

        var (thrown, _) = await TryDeployAsync(mocks, args, preview: false, mx);

        Assert.Null(thrown);
        Assert.Equal(1, mx.Lookups);
        Assert.Single(mocks.OfType("aws:s3/bucketObjectv2:BucketObjectv2"));
    }

    [Fact]
    public async Task Testing_mode_deploys_with_a_warning()
    {
        var mocks = new RecordingMocks();
        var mx = Uncovered();

        var (thrown, _) = await TryDeployAsync(mocks, Args(OnCloudflare(), PolicyMode.Testing), preview: false, mx);

        Assert.Null(thrown);
        Assert.Equal(1, mx.Lookups);
        Assert.Single(mocks.OfType("cloudflare:index/workersScript:WorkersScript"));
    }

    [Fact]
    public async Task Covered_mx_hosts_pass_on_update()
    {
        var mocks = new RecordingMocks();
        var mx = CoveredMx();

        var (thrown, _) = await TryDeployAsync(mocks, Args(OnAws()), preview: false, mx);

        Assert.Null(thrown);
        Assert.Equal(1, mx.Lookups);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Without_mx_hosts_the_live_mx_records_become_the_patterns(bool preview)
    {
        var mocks = new RecordingMocks();
        var args = Args(OnAws());
        args.MxHosts = [];
        var mx = Uncovered();

        var (component, _) = await DeployAsync(mocks, args, preview, mx);

        Assert.Equal(1, mx.Lookups);
        var policy = await ValueAsync(component.PolicyText);
        Assert.Contains("mx: mx1.example.com\n", policy);
        Assert.Contains("mx: mx-backup.example.net\n", policy);
    }

    [Fact]
    public async Task The_live_MX_records_are_asked_of_the_verification_DNS_server()
    {
        // The one MX lookup (Verification.MxLookup, no cache), through VerificationArgs.DnsServer as the verification
        // after the update: nothing answers on 127.0.0.1:1, so the update fails naming the server it asked.
        var mocks = new RecordingMocks();
        var args = Args(OnAws());
        args.Verification.DnsServer = new IPEndPoint(IPAddress.Loopback, 1);
        args.Verification.Timeout = TimeSpan.FromSeconds(2);

        var (thrown, _) = await TryDeployAsync(mocks, args, preview: false, mx: null);

        var error = Assert.IsType<MtaStsException>(thrown);
        var diagnostic = Assert.Single(error.Diagnostics);
        Assert.Equal(("MX", Domain, "RFC 5321 §5.1"), (diagnostic.Field, diagnostic.Value, diagnostic.Section));
        Assert.Contains("127.0.0.1:1", diagnostic.Rule);
        Assert.Empty(mocks.Registrations);
    }

    [Fact]
    public async Task A_DNS_server_that_cannot_work_is_named_even_with_the_publication_gate_off()
    {
        var mocks = new RecordingMocks();
        var args = Args(OnAws());
        args.PublicationGate.Enabled = false;
        args.Verification.DnsServer = IPEndPoint.Parse("0.0.0.0:53");

        var (thrown, _) = await TryDeployAsync(mocks, args, preview: false, mx: null);

        var error = Assert.IsType<MtaStsException>(thrown);
        Assert.Equal("Verification.DnsServer", Assert.Single(error.Diagnostics).Field);
        Assert.Empty(mocks.Registrations);
    }
}
