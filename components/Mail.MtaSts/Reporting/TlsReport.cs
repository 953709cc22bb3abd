namespace Mail.MtaSts.Reporting;

/// <summary>
/// An aggregate SMTP TLS report (RFC 8460 §4.4): who reports, for which period, and per policy the
/// successful and failed sessions. <see cref="Notes"/> lists every way the report deviated from the RFC
/// that the reader accepted (e.g. Google's <c>mx-host</c> array, Microsoft's missing <c>policy-string</c>).
/// </summary>
public sealed class TlsReport
{
    /// <summary>Creates a report.</summary>
    /// <param name="organizationName">The <c>organization-name</c>.</param>
    /// <param name="dateRange">The <c>date-range</c>.</param>
    /// <param name="contactInfo">The <c>contact-info</c>.</param>
    /// <param name="reportId">The <c>report-id</c>.</param>
    /// <param name="policies">The <c>policies</c>.</param>
    /// <param name="notes">The deviations that were accepted.</param>
    public TlsReport(string organizationName, DateRange dateRange, string contactInfo, string reportId, IReadOnlyList<PolicySummary> policies, IReadOnlyList<Diagnostic> notes)
    {
        OrganizationName = organizationName;
        DateRange = dateRange;
        ContactInfo = contactInfo;
        ReportId = reportId;
        Policies = policies;
        Notes = notes;
    }

    /// <summary>The <c>organization-name</c> of the reporter; empty when it was left out.</summary>
    public string OrganizationName { get; }

    /// <summary>The <c>date-range</c>.</summary>
    public DateRange DateRange { get; }

    /// <summary>The <c>contact-info</c> (an e-mail address or URI); empty when it was left out.</summary>
    public string ContactInfo { get; }

    /// <summary>The <c>report-id</c>, unique per reporter; empty when it was left out.</summary>
    public string ReportId { get; }

    /// <summary>The <c>policies</c>: one summary per policy the reporter applied.</summary>
    public IReadOnlyList<PolicySummary> Policies { get; }

    /// <summary>Each accepted deviation from RFC 8460, as a warning naming the field, the value and the rule.</summary>
    public IReadOnlyList<Diagnostic> Notes { get; }

    /// <summary>The same report with <paramref name="more"/> added to its notes.</summary>
    internal TlsReport WithNotes(IReadOnlyCollection<Diagnostic> more) =>
        more.Count == 0 ? this : new TlsReport(OrganizationName, DateRange, ContactInfo, ReportId, Policies, [.. Notes, .. more]);
}
