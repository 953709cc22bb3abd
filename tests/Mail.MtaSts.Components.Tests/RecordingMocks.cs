using System.Collections.Concurrent;
using System.Collections.Immutable;
using Pulumi.Testing;

namespace Mail.MtaSts.Components.Tests;

/// <summary>
/// Pulumi engine mocks that record every registration in order, answer with the outputs the cloud would compute,
/// and can hold back the registrations of chosen types to expose missing dependencies.
/// </summary>
internal sealed class RecordingMocks : IMocks
{
    public const string DistributionDomain = CloudOutputs.DistributionDomain;
    public const string CloudFrontZoneId = CloudOutputs.CloudFrontZoneId;

    private readonly ConcurrentQueue<Registration> registrations = new();
    private readonly ConcurrentQueue<MockRegisterResourceOutputsRequest> outputs = new();
    private int clock;

    /// <summary>Resource types whose registration takes a while, as real cloud calls do.</summary>
    public HashSet<string> Slow { get; } = [];

    public IReadOnlyList<Registration> Registrations => [.. registrations.OrderBy(r => r.Started)];

    public Registration Single(string type) => Assert.Single(Registrations, r => r.Type == type);

    public IReadOnlyList<Registration> OfType(string type) => [.. Registrations.Where(r => r.Type == type)];

    public async Task<(string? id, object state)> NewResourceAsync(MockResourceArgs args)
    {
        var started = Interlocked.Increment(ref clock);
        if (Slow.Contains(args.Type!))
        {
            await Task.Delay(50);
        }

        var id = $"{args.Name}-id";
        var state = CloudOutputs.For(args);
        registrations.Enqueue(new Registration(args.Type!, args.Name!, args.Inputs, args.Provider, id, started,
            Interlocked.Increment(ref clock)));
        return (id, state);
    }

    /// <summary>Every <c>RegisterOutputs</c> call, by URN, as the engine received it.</summary>
    public IReadOnlyList<MockRegisterResourceOutputsRequest> RegisteredOutputs => [.. outputs];

    public Task RegisterResourceOutputs(MockRegisterResourceOutputsRequest args)
    {
        outputs.Enqueue(args);
        return Task.CompletedTask;
    }

    public Task<object> CallAsync(MockCallArgs args) =>
        throw new InvalidOperationException($"the component made an unexpected call: {args.Token}");
}

/// <summary>One registration as the engine saw it, with the mock clock when it started and completed.</summary>
internal sealed record Registration(
    string Type, string Name, ImmutableDictionary<string, object> Inputs, string? Provider, string Id, int Started, int Completed)
{
    public string String(string key) => (string)Inputs[key];

    public ImmutableDictionary<string, object> Map(string key) => (ImmutableDictionary<string, object>)Inputs[key];

    public IEnumerable<string> Strings(string key) => ((ImmutableArray<object>)Inputs[key]).Cast<string>();
}
