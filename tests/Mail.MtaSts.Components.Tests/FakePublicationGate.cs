namespace Mail.MtaSts.Components.Tests;

/// <summary>
/// The publication gate as a test decides it: it says when the component starts waiting (and for which plan), and
/// gives the outcome a test releases, when the test releases it.
/// </summary>
internal sealed class FakePublicationGate : IPublicationGate
{
    private readonly TaskCompletionSource<DeploymentPlan> started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<(bool Observed, string Message)> outcome = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int calls;

    /// <summary>How many times the component waited.</summary>
    public int Calls => calls;

    /// <summary>Completes with the plan the component waits for, once it starts waiting.</summary>
    public Task<DeploymentPlan> Started => started.Task;

    /// <summary>A gate that sees the new bytes at once.</summary>
    public static FakePublicationGate Observing()
    {
        var gate = new FakePublicationGate();
        gate.Release(true, "https://mta-sts.example.com/.well-known/mta-sts.txt served the new policy on 3 fetches in a row");
        return gate;
    }

    /// <summary>Ends the wait with <paramref name="observed"/> and <paramref name="message"/>.</summary>
    public void Release(bool observed, string message) => outcome.SetResult((observed, message));

    public async Task<(bool Observed, string Message)> WaitAsync(DeploymentPlan plan, Action<string> progress)
    {
        Interlocked.Increment(ref calls);
        started.TrySetResult(plan);
        return await outcome.Task;
    }
}
