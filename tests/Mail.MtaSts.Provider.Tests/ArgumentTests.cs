namespace Mail.MtaSts.Provider.Tests;

/// <summary>The provider's arguments map onto the C# component's: its defaults where a program sets nothing.</summary>
public sealed class ArgumentTests
{
    [Fact]
    public void Settings_a_program_leaves_out_keep_the_csharp_defaults()
    {
        // What the deserializer leaves for inputs a program does not set: null.
        var args = new MtaStsDomainArgs
        {
            Domain = "example.com",
            Cloudflare = new CloudflareHostingArgs { AccountId = "a", ZoneId = "z" },
            PublicationGate = new PublicationGateArgs(),
            Verification = new VerificationArgs(),
        }.ToComponentArgs();

        var defaults = new Components.MtaStsDomainArgs();
        Assert.Equal(defaults.Mode, args.Mode);
        Assert.Equal(defaults.MaxAge, args.MaxAge);
        Assert.Empty(args.MxHosts);
        Assert.Empty(args.TlsRptReportUris);
        Assert.False(args.CollectTlsReports || args.AllowUncoveredMx || args.Retire);
        Assert.Equivalent(defaults.PublicationGate, args.PublicationGate, strict: true);
        Assert.Equivalent(defaults.Verification, args.Verification, strict: true);
    }

    [Fact]
    public void Durations_are_given_in_seconds()
    {
        var args = new MtaStsDomainArgs
        {
            Domain = "example.com",
            PublicationGate = new PublicationGateArgs { MaxWaitSeconds = 600 },
            Verification = new VerificationArgs { TimeoutSeconds = 2.5 },
        }.ToComponentArgs();

        Assert.Equal(TimeSpan.FromMinutes(10), args.PublicationGate.MaxWait);
        Assert.Equal(TimeSpan.FromSeconds(2.5), args.Verification.Timeout);
    }

    [Fact]
    public void Two_hostings_two_zones_and_an_unknown_mode_are_named_at_once()
    {
        var args = new MtaStsDomainArgs
        {
            Domain = "example.com",
            Mode = "Enforce",
            Aws = new AwsHostingArgs { HostedZoneId = "Z0123456789ABCDEFGHIJ" },
            Cloudflare = new CloudflareHostingArgs { AccountId = "a", ZoneId = "z" },
            Dns = new DnsZoneArgs { Route53ZoneId = "Z0123456789ABCDEFGHIJ", CloudflareZoneId = "z" },
        };

        var error = Assert.Throws<MtaStsException>(args.ToComponentArgs);

        Assert.Equal(["aws", "dns", "mode"], error.Diagnostics.Select(d => d.Field));
        Assert.All(error.Diagnostics, d => Assert.Matches(@"^RFC \d+ §\d", d.Section));
        Assert.Contains("\"Enforce\"", error.Message);
    }
}
