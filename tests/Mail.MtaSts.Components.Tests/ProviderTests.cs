using Pulumi;
using static Mail.MtaSts.Components.Tests.TestDeployment;

namespace Mail.MtaSts.Components.Tests;

/// <summary>The providers given to the component reach its children; only the certificate keeps its us-east-1 one.</summary>
public sealed class ProviderTests
{
    [Fact]
    public async Task The_callers_aws_provider_reaches_every_aws_child_but_the_certificate()
    {
        var mocks = new RecordingMocks();

        await Deployment.TestAsync(mocks, Options(preview: true), () =>
        {
            var eu = new global::Pulumi.Aws.Provider("eu", new global::Pulumi.Aws.ProviderArgs { Region = "eu-west-1" });
            _ = new MtaStsDomain("corp", Args(OnAws()), new ComponentResourceOptions { Providers = { eu } }, CoveredMx());
        });

        var given = Assert.Single(mocks.OfType("pulumi:providers:aws"), p => p.Name == "eu");
        var usEast1 = Assert.Single(mocks.OfType("pulumi:providers:aws"), p => p.Name == "corp-us-east-1");
        var children = mocks.Registrations.Where(r => r.Type.StartsWith("aws:", StringComparison.Ordinal)).ToArray();
        Assert.Equal(15, children.Length);
        Assert.All(children, r => Assert.EndsWith(
            Reference(r.Type.StartsWith("aws:acm/", StringComparison.Ordinal) ? usEast1 : given), r.Provider));
    }

    [Fact]
    public async Task The_callers_cloudflare_provider_reaches_every_cloudflare_child()
    {
        var mocks = new RecordingMocks();

        await Deployment.TestAsync(mocks, Options(preview: true), () =>
        {
            var cf = new global::Pulumi.Cloudflare.Provider("cf");
            _ = new MtaStsDomain("corp", Args(OnCloudflare()), new ComponentResourceOptions { Providers = { cf } }, CoveredMx());
        });

        var given = mocks.Single("pulumi:providers:cloudflare");
        var children = mocks.Registrations.Where(r => r.Type.StartsWith("cloudflare:", StringComparison.Ordinal)).ToArray();
        Assert.Equal(4, children.Length);
        Assert.All(children, r => Assert.EndsWith(Reference(given), r.Provider));
    }

    /// <summary>A provider reference is "&lt;provider URN&gt;::&lt;provider id&gt;".</summary>
    private static string Reference(Registration provider) => $"{provider.Type}::{provider.Name}::{provider.Id}";
}
