using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Mail.MtaSts.Verification;

/// <summary>
/// Reports as JSON in the stable schema <see cref="Schema"/> (docs/verify-json.md), shared by
/// <c>mta-sts verify --json</c> and the Pulumi component's verification output.
/// </summary>
public static class VerificationJson
{
    /// <summary>The schema name written as <c>"schema"</c>; it changes only with an incompatible change.</summary>
    public const string Schema = "mta-sts-verify/1";

    /// <summary>The reports as one indented JSON document.</summary>
    public static string Serialize(IReadOnlyList<VerificationReport> reports)
    {
        ArgumentNullException.ThrowIfNull(reports);
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions
        {
            Indented = true,
            // Read by people and by grep as well as by parsers: "§", "é" and ">" as themselves. The document is never
            // embedded in HTML; quotes, backslashes and control characters are still escaped.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }))
        {
            json.WriteStartObject();
            json.WriteString("schema", Schema);
            json.WriteBoolean("failed", reports.Any(r => r.Failed));
            json.WriteStartArray("domains");
            foreach (var report in reports)
            {
                WriteDomain(json, report);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteDomain(Utf8JsonWriter json, VerificationReport report)
    {
        json.WriteStartObject();
        json.WriteString("domain", report.Domain);
        json.WriteBoolean("failed", report.Failed);
        if (report.Policy is { } policy)
        {
            json.WriteStartObject("policy");
            json.WriteString("mode", policy.Mode.ToWire());
            json.WriteNumber("max_age", policy.MaxAge);
            json.WriteStartArray("mx");
            foreach (var mx in policy.Mx)
            {
                json.WriteStringValue(mx.Value);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }
        else
        {
            json.WriteNull("policy");
        }

        json.WriteStartArray("checks");
        foreach (var check in report.Checks)
        {
            json.WriteStartObject();
            json.WriteString("area", Area(check.Area));
            json.WriteString("id", check.Id);
            json.WriteString("status", check.Status.ToString().ToLowerInvariant());
            json.WriteString("message", check.Message);
            json.WriteString("section", check.Section);
            json.WriteString("fix", check.Fix);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static string Area(CheckArea area) => area switch
    {
        CheckArea.Dns => "dns",
        CheckArea.PolicyHost => "policy-host",
        CheckArea.Mx => "mx",
        _ => "tlsrpt",
    };
}
