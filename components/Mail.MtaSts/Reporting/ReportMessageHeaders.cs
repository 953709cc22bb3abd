using System.Text.RegularExpressions;
using MimeKit;

namespace Mail.MtaSts.Reporting;

/// <summary>
/// The metadata a report e-mail repeats in its headers (RFC 8460 §5.3): <c>TLS-Report-Domain</c>,
/// <c>TLS-Report-Submitter</c> and a subject naming both and a message id for the report. The domains are checked
/// against the report body; where they differ the body is right (§5.6) and the difference becomes a note.
/// </summary>
internal static partial class ReportMessageHeaders
{
    private const string Section = "RFC 8460 §5.3";

    /// <remarks>The rules name no per-report values, so that notes add up across reports; the value is the header's.</remarks>
    public static List<Diagnostic> Check(MimeMessage message, TlsReport report)
    {
        var notes = new List<Diagnostic>();
        var domains = report.Policies.Select(p => p.Policy.PolicyDomain).Where(d => d.Length > 0).Distinct().ToList();
        var contactDomain = ContactDomain(report.ContactInfo);

        var domain = message.Headers["TLS-Report-Domain"]?.Trim();
        if (string.IsNullOrEmpty(domain))
        {
            notes.Add(Note("TLS-Report-Domain", "(missing)", "is required in a report message"));
        }
        else if (domains.Count > 0 && !domains.Contains(Normal(domain)))
        {
            notes.Add(Mismatch("TLS-Report-Domain", domain, "differs from the report's policy-domain; the report body is used"));
        }

        var submitter = message.Headers["TLS-Report-Submitter"]?.Trim();
        if (string.IsNullOrEmpty(submitter))
        {
            notes.Add(Note("TLS-Report-Submitter", "(missing)", "is required in a report message"));
        }
        else if (contactDomain is not null && Normal(submitter) != contactDomain)
        {
            // §5.3: the TLS-Report-Submitter value MUST match the domain of the contact-info in the report body.
            notes.Add(Note("TLS-Report-Submitter", submitter, $"must be the domain of the report's contact-info, {contactDomain}; the report body is used"));
        }

        var subject = message.Subject ?? "";
        var match = SubjectPattern().Match(subject);
        if (!match.Success)
        {
            notes.Add(Note("Subject", subject, "should read \"Report Domain: <domain> Submitter: <submitter> Report-ID: <id-left@id-right>\""));
            return notes;
        }

        var subjectDomain = match.Groups["domain"].Value;
        if (domains.Count > 0 && !domains.Contains(Normal(subjectDomain)))
        {
            notes.Add(Mismatch("Subject", subjectDomain, "names a report domain other than the report's policy-domain; the report body is used"));
        }

        var subjectSubmitter = match.Groups["submitter"].Value;
        if (!string.IsNullOrEmpty(submitter) && !string.Equals(Normal(subjectSubmitter), Normal(submitter), StringComparison.Ordinal))
        {
            notes.Add(Note("Subject", subjectSubmitter, "names a submitter other than the TLS-Report-Submitter header"));
        }

        // §5.3: the Report-ID is a message id, "<" id-left "@" id-right ">" (RFC 5322 §3.6.4), by which repeated deliveries are
        // told apart; the body's report-id is any string (§4.4), so the two need not be the same (Google's never are).
        var subjectId = match.Groups["id"].Value;
        if (!MessageId().IsMatch(subjectId))
        {
            notes.Add(Note("Subject", subjectId, "the Report-ID should be a message id, \"<\" id-left \"@\" id-right \">\" (RFC 5322 §3.6.4)"));
        }

        return notes;
    }

    /// <summary>The domain of an e-mail address or URI in <c>contact-info</c>, or null when there is none.</summary>
    internal static string? ContactDomain(string contact)
    {
        var at = contact.LastIndexOf('@');
        if (at >= 0)
        {
            return Normal(contact[(at + 1)..].TrimEnd('>'));
        }

        return Uri.TryCreate(contact, UriKind.Absolute, out var uri) && uri.Host.Length > 0 ? Normal(uri.Host) : null;
    }

    private static string Normal(string domain) => domain.Trim().TrimEnd('.').ToLowerInvariant();

    private static Diagnostic Note(string field, string value, string rule) => new(Severity.Warning, field, value, rule, Section);

    // RFC 8460 §5.6: where the message's metadata and the report disagree, the report is right.
    private static Diagnostic Mismatch(string field, string value, string rule) => new(Severity.Warning, field, value, rule, "RFC 8460 §5.6");

    [GeneratedRegex(@"Report\s+Domain:\s*(?<domain>\S+)\s+Submitter:\s*(?<submitter>\S+)\s+Report-ID:\s*(?<id>\S*)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SubjectPattern();

    /// <summary>A msg-id (RFC 5322 §3.6.4) in its outline: one <c>@</c> between two non-empty parts, in angle brackets.</summary>
    [GeneratedRegex(@"^<[^<>@\s]+@[^<>@\s]+>$", RegexOptions.CultureInvariant)]
    private static partial Regex MessageId();
}
