using System.Collections.Immutable;
using Mail.MtaSts.Components.Aws;
using Mail.MtaSts.Components.Cloudflare;
using Pulumi;
using Pulumi.Testing;
using Pulumi.Utilities;

namespace Mail.MtaSts.Components.Tests;

/// <summary>Runs the component under <see cref="Deployment.TestAsync(IMocks, TestOptions, Action)"/>.</summary>
internal static class TestDeployment
{
    public const string Domain = "example.com";
    public const string HostedZoneId = "Z0123456789ABCDEFGHIJ";
    public const string CloudflareAccountId = "023e105f4ecef8ad9ca31a8372d0c353";
    public const string CloudflareZoneId = "2d4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c";

    public static MtaStsDomainArgs Args(PolicyHosting hosting, PolicyMode mode = PolicyMode.Enforce) => new()
    {
        Domain = Domain,
        MxHosts = ["mx1.example.com", "*.mail.protection.outlook.com"],
        Mode = mode,
        TlsRptReportUris = ["mailto:tlsrpt@example.com"],
        Hosting = hosting,
        // The post-deploy verification reaches the real domain; under mocks there is nothing live to verify.
        Verification = { Enabled = false },
    };

    /// <summary>The plan the core makes for <see cref="Args"/> in enforce mode: what the component must publish.</summary>
    public static readonly DeploymentPlan ExpectedPlan = DeploymentPlan.Create(new PolicySettings
    {
        Domain = Domain,
        Mx = ["mx1.example.com", "*.mail.protection.outlook.com"],
        Mode = PolicyMode.Enforce,
        Rua = ["mailto:tlsrpt@example.com"],
    });

    public static AwsHosting OnAws() => new() { HostedZoneId = HostedZoneId };

    public static CloudflareHosting OnCloudflare() => new() { AccountId = CloudflareAccountId, ZoneId = CloudflareZoneId };

    /// <summary>The live MX records every test domain has unless a test says otherwise: all covered.</summary>
    public static FakeMxLookup CoveredMx() => new("mx1.example.com.", "example-com.mail.protection.outlook.com.");

    /// <summary>
    /// Deploys one component; <paramref name="preview"/> false is a <c>pulumi up</c> update, whose publication gate sees
    /// the new bytes at once unless <paramref name="gate"/> says otherwise (there is no live policy host under mocks).
    /// </summary>
    public static async Task<(MtaStsDomain Component, ImmutableArray<Resource> Resources)> DeployAsync(
        RecordingMocks mocks, MtaStsDomainArgs args, bool preview = true, IMxLookup? mx = null, IPublicationGate? gate = null)
    {
        MtaStsDomain? component = null;
        var resources = await Deployment.TestAsync(mocks, Options(preview),
            () => { component = new MtaStsDomain("corp", args, null, mx ?? CoveredMx(), gate ?? FakePublicationGate.Observing()); });
        return (component!, resources);
    }

    /// <summary>
    /// Constructs the component and returns what it threw, with everything that registered meanwhile; a null
    /// <paramref name="mx"/> looks up the live MX records for real (<see cref="Verification.MxLookup"/>).
    /// </summary>
    public static async Task<(Exception? Thrown, ImmutableArray<Resource> Resources)> TryDeployAsync(
        RecordingMocks mocks, MtaStsDomainArgs args, bool preview, IMxLookup? mx)
    {
        Exception? thrown = null;
        var resources = await Deployment.TestAsync(mocks, Options(preview), () =>
        {
            try
            {
                _ = new MtaStsDomain("corp", args, null, mx, FakePublicationGate.Observing());
            }
            catch (Exception e)
            {
                thrown = e;
            }
        });
        return (thrown, resources);
    }

    /// <summary>The value of a component output.</summary>
    public static Task<T> ValueAsync<T>(Output<T> output) => OutputUtilities.GetValueAsync(output);

    public static TestOptions Options(bool preview) =>
        new() { ProjectName = "mail", StackName = "prod", IsPreview = preview };
}
