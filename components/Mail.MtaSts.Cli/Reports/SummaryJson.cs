using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Mail.MtaSts.Reporting;

namespace Mail.MtaSts.Cli.Reports;

/// <summary>The summary as JSON, in the schema documented in <c>docs/reports-json.md</c>.</summary>
internal static class SummaryJson
{
    public const string Schema = "mta-sts/reports-summary/1";

    public static void Write(ReportSummary summary, string? domain, DateOnly? since, DateOnly? until, TextWriter output)
    {
        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("schema", Schema);
            json.WriteStartObject("filter");
            json.WriteString("domain", domain);
            json.WriteString("since", Day(since));
            json.WriteString("until", Day(until));
            json.WriteEndObject();
            json.WriteNumber("reports", summary.Reports);
            json.WriteNumber("leftOut", summary.LeftOut);
            json.WriteNumber("duplicates", summary.Duplicates);
            json.WriteNumber("rejected", summary.Rejected);
            json.WriteStartArray("rejections");
            foreach (var rejection in summary.Rejections)
            {
                json.WriteStringValue(rejection);
            }

            json.WriteEndArray();
            json.WriteStartArray("domains");
            foreach (var summaryDomain in summary.Domains)
            {
                WriteDomain(json, summaryDomain);
            }

            json.WriteEndArray();
            json.WriteStartArray("notes");
            foreach (var note in summary.Notes)
            {
                json.WriteStartObject();
                json.WriteString("organization", note.Organization);
                json.WriteString("field", note.Field);
                json.WriteString("rule", note.Rule);
                json.WriteString("section", note.Section);
                json.WriteNumber("reports", note.Reports);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        output.Write(System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
        output.WriteLine();
    }

    private static void WriteDomain(Utf8JsonWriter json, DomainSummary domain)
    {
        json.WriteStartObject();
        json.WriteString("policyDomain", domain.PolicyDomain);
        Sessions(json, domain.SuccessfulSessions, domain.FailedSessions, domain.FailureRate);
        json.WriteStartArray("days");
        foreach (var day in domain.Days)
        {
            json.WriteStartObject();
            json.WriteString("day", Day(day.Day));
            Sessions(json, day.SuccessfulSessions, day.FailedSessions, day.FailureRate);
            Counts(json, "failuresByResultType", "resultType", day.FailuresByResultType);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        Counts(json, "failuresByResultType", "resultType", domain.FailuresByResultType);
        Counts(json, "failuresByReceivingMx", "receivingMx", domain.FailuresByReceivingMx);
        Counts(json, "failuresBySendingIp", "sendingIp", domain.FailuresBySendingIp);
        json.WriteStartArray("reporters");
        foreach (var reporter in domain.Reporters)
        {
            json.WriteStartObject();
            json.WriteString("organization", reporter.Organization);
            json.WriteString("contact", reporter.Contact);
            json.WriteNumber("reports", reporter.Reports);
            json.WriteNumber("successfulSessions", reporter.SuccessfulSessions);
            json.WriteNumber("failedSessions", reporter.FailedSessions);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("policies");
        foreach (var policy in domain.Policies)
        {
            json.WriteStartObject();
            json.WriteString("organization", policy.Organization);
            json.WriteString("policyType", policy.PolicyType.ToRfcName());
            json.WriteString("mode", policy.Mode?.ToWire());
            json.WriteString("policyId", policy.PolicyId);
            json.WriteNumber("reports", policy.Reports);
            json.WriteNumber("successfulSessions", policy.SuccessfulSessions);
            json.WriteNumber("failedSessions", policy.FailedSessions);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void Sessions(Utf8JsonWriter json, long successful, long failed, double rate)
    {
        json.WriteNumber("successfulSessions", successful);
        json.WriteNumber("failedSessions", failed);
        json.WriteNumber("failureRate", Math.Round(rate, 6));
    }

    private static void Counts(Utf8JsonWriter json, string name, string key, IReadOnlyList<SessionCount> counts)
    {
        json.WriteStartArray(name);
        foreach (var count in counts)
        {
            json.WriteStartObject();
            json.WriteString(key, count.Key);
            json.WriteNumber("sessions", count.Sessions);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static string? Day(DateOnly? day) => day?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
