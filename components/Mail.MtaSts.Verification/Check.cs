namespace Mail.MtaSts.Verification;

/// <summary>One fact the verifier observed about a domain and how it compares with what a sender requires.</summary>
/// <param name="Area">The part of the deployment checked.</param>
/// <param name="Id">A stable identifier, e.g. <c>policy-host.status</c>; pipelines may match on it.</param>
/// <param name="Status">The outcome.</param>
/// <param name="Message">What was observed, including the observed value.</param>
/// <param name="Section">The RFC section of the rule, e.g. <c>RFC 8461 §3.3</c>; empty when no rule applies.</param>
/// <param name="Fix">How to fix a warning or failure; empty when nothing needs fixing.</param>
public sealed record Check(CheckArea Area, string Id, CheckStatus Status, string Message, string Section, string Fix = "");
