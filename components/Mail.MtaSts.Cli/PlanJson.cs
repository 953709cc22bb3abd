using System.Text.Json;

namespace Mail.MtaSts.Cli;

/// <summary>The JSON document <c>mta-sts plan --json</c> prints; the schema is documented in docs/plan-json.md.</summary>
internal sealed record PlanJson(
    string Domain,
    string Mode,
    long MaxAge,
    string HostName,
    string PolicyUrl,
    string ContentType,
    string CacheControl,
    string PolicyId,
    string Policy,
    IReadOnlyList<PlanJson.Record> Records,
    IReadOnlyList<PlanJson.Step> Steps,
    IReadOnlyList<string> Warnings)
{
    /// <summary>Indented camelCase; quotes and non-ASCII such as "§" are written as themselves, not as \u escapes.</summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static PlanJson From(DeploymentPlan plan) => new(
        plan.Domain.Value,
        plan.Policy.Mode.ToWire(),
        plan.Policy.MaxAge,
        plan.HostName,
        plan.PolicyUrl.ToString(),
        plan.ContentType,
        plan.CacheControl,
        plan.PolicyId.Value,
        plan.PolicyText,
        plan.Records.Select(r => new Record(r.Name, "TXT", r.Ttl, r.Value)).ToList(),
        plan.Steps.Select(s => new Step(s.Name, s.Description, s.Section)).ToList(),
        plan.Warnings.Select(w => PlanCommand.Named(w).ToString()).ToList());

    public sealed record Record(string Name, string Type, int Ttl, string Value);

    public sealed record Step(string Name, string Description, string Section);
}
