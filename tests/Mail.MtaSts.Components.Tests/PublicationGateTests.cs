using static Mail.MtaSts.Components.Tests.TestDeployment;

namespace Mail.MtaSts.Components.Tests;

/// <summary>
/// RFC 8461 §8.1 on an update: the <c>_mta-sts</c> record's text is produced only once the publication gate saw the
/// policy URL serve the new bytes, after everything that serves them is live; a gate that does not see them fails the
/// update and the record is never registered with the new id. A preview fetches nothing and gets the plain text.
/// </summary>
public sealed class PublicationGateTests
{
    private const string PolicyRecordName = "_mta-sts.example.com";

    /// <summary>What the gate says when the edge still serves the testing policy the update replaces.</summary>
    private static readonly string ServedInstead =
        $"https://mta-sts.example.com/.well-known/mta-sts.txt did not serve the new policy (id {ExpectedPlan.PolicyId.Value}) on 3 fetches "
        + "in a row within 300 s: 14 fetches in 300 s, none got it; the last answer without it: HTTP 200, Content-Type \"text/plain; "
        + "charset=utf-8\", 99 bytes from 104.18.32.7:443: line 2 is \"mode: testing\", expected \"mode: enforce\"; their id would be "
        + "fdfdf3c499a024ba92df699c0419a273";

    /// <summary>The hosting, the types that serve the policy, and how many records point mta-sts.&lt;domain&gt; at it.</summary>
    public static TheoryData<string, string[], int> Hostings => new()
    {
        {
            "aws",
            [
                "aws:s3/bucketObjectv2:BucketObjectv2", "aws:s3/bucketPolicy:BucketPolicy",
                "aws:acm/certificateValidation:CertificateValidation", "aws:cloudfront/distribution:Distribution",
            ],
            2
        },
        { "cloudflare", ["cloudflare:index/workersScript:WorkersScript", "cloudflare:index/workersCustomDomain:WorkersCustomDomain"], 0 },
    };

    [Theory]
    [InlineData("aws")]
    [InlineData("cloudflare")]
    public async Task A_preview_fetches_nothing_and_the_record_has_its_text(string hosting)
    {
        var mocks = new RecordingMocks();
        var gate = new FakePublicationGate();

        await DeployAsync(mocks, Args(hosting == "aws" ? OnAws() : OnCloudflare()), preview: true, gate: gate);

        Assert.Equal(0, gate.Calls);
        Assert.Equal(ExpectedPlan.MtaStsRecord.Value, Text(Assert.Single(mocks.Registrations, IsPolicyRecord)));
    }

    [Theory]
    [MemberData(nameof(Hostings))]
    public async Task On_an_update_the_record_registers_only_after_the_gate_saw_the_new_bytes_served(string hosting, string[] serving, int hostRecords)
    {
        var mocks = new RecordingMocks();
        var gate = new FakePublicationGate();

        var deployment = DeployAsync(mocks, Args(hosting == "aws" ? OnAws() : OnCloudflare()), preview: false, gate: gate);
        var plan = await gate.Started.WaitAsync(TimeSpan.FromSeconds(60));
        var whileWaiting = mocks.Registrations;
        gate.Release(true, "https://mta-sts.example.com/.well-known/mta-sts.txt served the new policy on 3 fetches in a row");
        await deployment;

        // The gate waits for the exact bytes the hosting serves, and starts once all of it is live.
        Assert.Equal(ExpectedPlan.PolicyBytes, plan.PolicyBytes);
        var live = whileWaiting.Where(r => serving.Contains(r.Type) || Named(r, "mta-sts.example.com")).ToList();
        Assert.Equal(serving.Length + hostRecords, live.Count);
        // While it waits, the record is not registered; once it saw the bytes, the record gets the new id.
        Assert.DoesNotContain(whileWaiting, IsPolicyRecord);
        Assert.Equal(ExpectedPlan.MtaStsRecord.Value, Text(Assert.Single(mocks.Registrations, IsPolicyRecord)));
        Assert.Equal(1, gate.Calls);
    }

    [Theory]
    [MemberData(nameof(Hostings))]
    public async Task A_gate_that_never_sees_the_new_bytes_fails_the_update_naming_what_was_served_and_the_record_is_never_registered(
        string hosting, string[] serving, int hostRecords)
    {
        var mocks = new RecordingMocks();
        var gate = new FakePublicationGate();
        gate.Release(false, ServedInstead);

        var error = await Assert.ThrowsAnyAsync<Exception>(
            () => DeployAsync(mocks, Args(hosting == "aws" ? OnAws() : OnCloudflare()), preview: false, gate: gate));

        // Pulumi logs the fault once for each output that awaited it; each copy is the gate's message and what it means.
        var messages = Messages(error);
        Assert.All(messages, m => Assert.Equal(messages[0], m));
        Assert.StartsWith($"{ServedInstead}. TXT {PolicyRecordName} keeps its current id: senders must not see the id "
            + $"{ExpectedPlan.PolicyId.Value} before its policy is served", messages[0]);
        Assert.Contains("(RFC 8461 §8.1)", messages[0]);
        Assert.DoesNotContain(mocks.Registrations, IsPolicyRecord);
        // The new policy itself was deployed; only its id waits for the next update.
        Assert.Equal(serving.Length + hostRecords,
            mocks.Registrations.Count(r => serving.Contains(r.Type) || Named(r, "mta-sts.example.com")));
        Assert.Single(mocks.Registrations, r => Named(r, "_smtp._tls.example.com"));
    }

    [Fact]
    public async Task With_the_gate_off_an_update_publishes_the_record_without_waiting()
    {
        var mocks = new RecordingMocks();
        var gate = new FakePublicationGate();
        var args = Args(OnCloudflare());
        args.PublicationGate.Enabled = false;

        await DeployAsync(mocks, args, preview: false, gate: gate);

        Assert.Equal(0, gate.Calls);
        Assert.Equal(ExpectedPlan.MtaStsRecord.Value, Text(Assert.Single(mocks.Registrations, IsPolicyRecord)));
    }

    private static bool IsPolicyRecord(Registration registration) => Named(registration, PolicyRecordName);

    private static bool Named(Registration registration, string name) =>
        registration.Inputs.TryGetValue("name", out var value) && value is string s && s == name;

    /// <summary>The record's text as the provider takes it: Route 53 one value, Cloudflare quoted character-strings.</summary>
    private static string Text(Registration record) => record.Type.StartsWith("aws:", StringComparison.Ordinal)
        ? Assert.Single(record.Strings("records"))
        : record.String("content").Trim('"');

    /// <summary>The errors the engine logged, as <see cref="Pulumi.Deployment.TestAsync(Pulumi.Testing.IMocks, Pulumi.Testing.TestOptions, Action)"/> throws them.</summary>
    private static List<string> Messages(Exception error) => error is AggregateException many
        ? [.. many.InnerExceptions.Select(e => e.Message)]
        : [error.Message];
}
