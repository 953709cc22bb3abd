namespace Mail.MtaSts.Reporting;

/// <summary>The policy a sender applied to a domain, the <c>policy</c> object of RFC 8460 §4.4.</summary>
public sealed class ReportedPolicy
{
    /// <summary>Creates a reported policy.</summary>
    /// <param name="policyType">The <c>policy-type</c>.</param>
    /// <param name="policyString">The <c>policy-string</c> lines; empty when the reporter left them out.</param>
    /// <param name="policyDomain">The <c>policy-domain</c>, lower-case; empty when the reporter left it out.</param>
    /// <param name="mxHost">The <c>mx-host</c> patterns; empty when absent.</param>
    public ReportedPolicy(PolicyType policyType, IReadOnlyList<string> policyString, string policyDomain, IReadOnlyList<string> mxHost)
    {
        PolicyType = policyType;
        PolicyString = policyString;
        PolicyDomain = policyDomain;
        MxHost = mxHost;
    }

    /// <summary>The <c>policy-type</c>.</summary>
    public PolicyType PolicyType { get; }

    /// <summary>
    /// The <c>policy-string</c>: for <c>sts</c> the lines of the MTA-STS policy the sender fetched, for
    /// <c>tlsa</c> one TLSA record's presentation form per line (RFC 8460 §4.5). Empty when left out.
    /// </summary>
    public IReadOnlyList<string> PolicyString { get; }

    /// <summary>The <c>policy-domain</c>, lower-case, without a trailing dot; empty when the reporter left it out.</summary>
    public string PolicyDomain { get; }

    /// <summary>The <c>mx-host</c> patterns the policy covers; empty when absent.</summary>
    public IReadOnlyList<string> MxHost { get; }
}
