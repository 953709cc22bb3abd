using System.Text.Json;
using MtaSts.Verification;

namespace MtaSts.Cli.Verify;

/// <summary>Writes reports in the stable JSON schema <c>mta-sts-verify/1</c> documented in docs/verify-json.md.</summary>
internal static class JsonReport
{
    internal const string Schema = "mta-sts-verify/1";

    internal static void Write(TextWriter output, IReadOnlyList<VerificationReport> reports)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
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

        output.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }

    private static void WriteDomain(Utf8JsonWriter json, VerificationReport report)
    {
        json.WriteStartObject();
        json.WriteString("domain", report.Domain);
        json.WriteBoolean("failed", report.Failed);
        if (report.Policy is { } policy)
        {
            json.WriteStartObject("policy");
            json.WriteString("mode", policy.Mode.ToString().ToLowerInvariant());
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

    internal static string Area(CheckArea area) => area switch
    {
        CheckArea.Dns => "dns",
        CheckArea.PolicyHost => "policy-host",
        CheckArea.Mx => "mx",
        _ => "tlsrpt",
    };
}
