using Mail.MtaSts.Reporting;

namespace Mail.MtaSts.Cli.Reports;

/// <summary>What became of the failed sessions under a policy a reporter applied: delivered anyway, or not delivered.</summary>
internal static class FailureOutcome
{
    public static string Describe(ObservedPolicy policy) => policy switch
    {
        { FailedSessions: 0 } => "-",
        // RFC 8461 §5: under enforce a sender does not deliver to an MX that fails; under testing it delivers anyway and reports.
        { PolicyType: PolicyType.Sts, Mode: PolicyMode.Enforce } => "not delivered (enforce)",
        { PolicyType: PolicyType.Sts, Mode: PolicyMode.Testing } => "delivered anyway; enforce would refuse them",
        { PolicyType: PolicyType.Sts, Mode: PolicyMode.None } => "delivered (mode none)",
        { PolicyType: PolicyType.Sts } => "unknown: the reporter sent no readable policy-string",
        // RFC 7672 §2.2: with usable TLSA records a sender that cannot authenticate the MX does not deliver to it.
        { PolicyType: PolicyType.Tlsa } => "not delivered (DANE)",
        // No policy: the sender used opportunistic TLS (RFC 8460 §4.4 no-policy-found), which falls back rather than refuse.
        _ => "delivered (no policy)",
    };
}
