namespace Mail.MtaSts;

/// <summary>How much a <see cref="Diagnostic"/> matters.</summary>
public enum Severity
{
    /// <summary>The input breaks a rule: a sender would reject it, or a deployment must not use it.</summary>
    Error,

    /// <summary>The input is accepted but is likely a mistake or a risk.</summary>
    Warning,
}
