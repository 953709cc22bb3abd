namespace Mail.MtaSts.Reporting;

/// <summary>
/// A policy a reporter applied to a domain, told apart by type, mode and id: whether its failed
/// sessions were still delivered (<c>testing</c>) or refused (<c>enforce</c>, RFC 8461 §5).
/// </summary>
/// <param name="Organization">The reporter's <c>organization-name</c>.</param>
/// <param name="PolicyType">The <c>policy-type</c>.</param>
/// <param name="Mode">The MTA-STS <c>mode</c> of the <c>policy-string</c> read as a sender reads a policy (RFC 8461 §3.2), or null when it was not sent or is not a valid policy.</param>
/// <param name="PolicyId">
/// The id of the policy the reporter saw: <c>PolicyId.ForPolicy</c> of the <c>policy-string</c>
/// lines each ended by LF, which is the <c>_mta-sts</c> id this project publishes when the reporter saw the
/// policy it served; null when no <c>policy-string</c> was sent.
/// </param>
/// <param name="Reports">How many reports named this policy.</param>
/// <param name="SuccessfulSessions">The successful sessions under it.</param>
/// <param name="FailedSessions">The failed sessions under it.</param>
public sealed record ObservedPolicy(string Organization, PolicyType PolicyType, PolicyMode? Mode, string? PolicyId, long Reports, long SuccessfulSessions, long FailedSessions);
