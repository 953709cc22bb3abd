namespace Mail.MtaSts.Reporting;

/// <summary>An organisation that sent reports about a policy domain.</summary>
/// <param name="Organization">The <c>organization-name</c>.</param>
/// <param name="Contact">The <c>contact-info</c>.</param>
/// <param name="Reports">How many distinct reports it sent.</param>
/// <param name="SuccessfulSessions">The successful sessions it reported.</param>
/// <param name="FailedSessions">The failed sessions it reported.</param>
public sealed record ReporterSummary(string Organization, string Contact, long Reports, long SuccessfulSessions, long FailedSessions);
