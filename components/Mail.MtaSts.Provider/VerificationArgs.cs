using Pulumi;

namespace Mail.MtaSts.Provider;

/// <summary>The verification after an update; durations in seconds.</summary>
public sealed class VerificationArgs : ResourceArgs
{
    /// <summary>Whether to verify after an update; default true.</summary>
    [Input("enabled")]
    public bool? Enabled { get; set; }

    /// <summary>How many times to verify before giving up; default 6.</summary>
    [Input("attempts")]
    public int? Attempts { get; set; }

    /// <summary>Whether to probe STARTTLS on port 25 of every MX host; default true.</summary>
    [Input("checkSmtp")]
    public bool? CheckSmtp { get; set; }

    /// <summary>The deadline of one attempt and of one fetch of the gate, in seconds; default 10.</summary>
    [Input("timeoutSeconds")]
    public double? TimeoutSeconds { get; set; }

    /// <summary>Fail the update when a check still fails after the last attempt; default false.</summary>
    [Input("failOnError")]
    public bool? FailOnError { get; set; }

    internal void ApplyTo(Components.VerificationArgs verification)
    {
        verification.Enabled = Enabled ?? verification.Enabled;
        verification.Attempts = Attempts ?? verification.Attempts;
        verification.CheckSmtp = CheckSmtp ?? verification.CheckSmtp;
        verification.Timeout = TimeoutSeconds is { } timeout ? TimeSpan.FromSeconds(timeout) : verification.Timeout;
        verification.FailOnError = FailOnError ?? verification.FailOnError;
    }
}
