using Mail.MtaSts.Components.Tests;
using Pulumi.Testing;

namespace Mail.MtaSts.Components.Benchmarks;

/// <summary>Engine mocks that answer every registration at once with the outputs the component reads.</summary>
internal sealed class CloudMocks : IMocks
{
    public Task<(string? id, object state)> NewResourceAsync(MockResourceArgs args) =>
        Task.FromResult<(string?, object)>(($"{args.Name}-id", CloudOutputs.For(args)));

    public Task<object> CallAsync(MockCallArgs args) => Task.FromResult<object>(args.Args);
}
