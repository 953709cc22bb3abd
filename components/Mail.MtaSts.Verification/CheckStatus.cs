namespace Mail.MtaSts.Verification;

/// <summary>The outcome of one <see cref="Check"/>.</summary>
public enum CheckStatus
{
    /// <summary>The fact matches what a sender requires.</summary>
    Pass,

    /// <summary>Nothing a sender rejects today, but worth fixing (an expiring certificate, a discouraged value).</summary>
    Warn,

    /// <summary>A sender would not accept this, or the deployment does not match what was expected.</summary>
    Fail,

    /// <summary>Not checked because an earlier check failed or the check was turned off.</summary>
    Skip,

    /// <summary>An observation that is neither right nor wrong (for example, TLSA records present).</summary>
    Info,
}
