using static Mail.MtaSts.Components.Tests.TestDeployment;

namespace Mail.MtaSts.Components.Tests;

/// <summary>The published id is derived from the served bytes: it changes if and only if they change (RFC 8461 §3.1).</summary>
public sealed class PolicyIdTests
{
    [Fact]
    public async Task The_published_id_is_the_id_of_the_served_bytes()
    {
        var mocks = new RecordingMocks();

        var (component, _) = await DeployAsync(mocks, Args(OnAws()));

        var served = Convert.FromBase64String(mocks.Single("aws:s3/bucketObjectv2:BucketObjectv2").String("contentBase64"));
        var id = PolicyId.ForPolicy(served).Value;
        var txt = Assert.Single(mocks.OfType("aws:route53/record:Record"), r => r.String("name") == "_mta-sts.example.com");
        Assert.Equal($"v=STSv1; id={id}", Assert.Single(txt.Strings("records")));
        Assert.Equal(id, await ValueAsync(component.PolicyId));
        Assert.Equal($"v=STSv1; id={id}", await ValueAsync(component.MtaStsRecord));
    }

    public static TheoryData<string, Action<MtaStsDomainArgs>, bool> Changes => new()
    {
        { "nothing", _ => { }, false },
        { "the report uri (not in the policy)", a => a.TlsRptReportUris = ["mailto:other@example.com"], false },
        { "the hosting", a => a.Hosting = OnCloudflare(), false },
        { "the mode", a => a.Mode = PolicyMode.Testing, true },
        { "max_age", a => a.MaxAge = 86_400, true },
        { "an mx pattern", a => a.MxHosts = ["mx1.example.com", "*.mail.protection.outlook.com", "mx2.example.com"], true },
        { "retirement", a => a.Retire = true, true },
    };

    [Theory]
    [MemberData(nameof(Changes))]
    public async Task The_id_changes_if_and_only_if_the_policy_changes(string _, Action<MtaStsDomainArgs> apply, bool policyChanges)
    {
        var (before, _) = await DeployAsync(new RecordingMocks(), Args(OnAws()));
        var changed = Args(OnAws());
        apply(changed);

        var (after, _) = await DeployAsync(new RecordingMocks(), changed);

        var texts = (await ValueAsync(before.PolicyText), await ValueAsync(after.PolicyText));
        var ids = (await ValueAsync(before.PolicyId), await ValueAsync(after.PolicyId));
        Assert.Equal(policyChanges, texts.Item1 != texts.Item2);
        Assert.Equal(policyChanges, ids.Item1 != ids.Item2);
    }
}
