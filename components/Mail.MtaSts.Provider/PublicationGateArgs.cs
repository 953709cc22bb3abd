using Pulumi;

namespace Mail.MtaSts.Provider;

/// <summary>The publication gate (RFC 8461 §8.1); durations in seconds.</summary>
public sealed class PublicationGateArgs : ResourceArgs
{
    /// <summary>Whether to wait for the new bytes before publishing the id; default true.</summary>
    [Input("enabled")]
    public bool? Enabled { get; set; }

    /// <summary>How many fetches in a row must get exactly the new bytes; default 3.</summary>
    [Input("consecutiveMatches")]
    public int? ConsecutiveMatches { get; set; }

    /// <summary>The longest wait, in seconds; default 300.</summary>
    [Input("maxWaitSeconds")]
    public double? MaxWaitSeconds { get; set; }

    internal void ApplyTo(Components.PublicationGateArgs gate)
    {
        gate.Enabled = Enabled ?? gate.Enabled;
        gate.ConsecutiveMatches = ConsecutiveMatches ?? gate.ConsecutiveMatches;
        gate.MaxWait = MaxWaitSeconds is { } wait ? TimeSpan.FromSeconds(wait) : gate.MaxWait;
    }
}
