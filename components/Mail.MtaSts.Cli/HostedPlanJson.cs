using Mail.MtaSts.Hosted;

namespace Mail.MtaSts.Cli;

/// <summary>
/// The JSON documents of <c>mta-sts plan --hosted-by</c> (<see cref="DelegationJson"/>: the owner's three records) and
/// <c>mta-sts plan --hosted</c> (<see cref="ProviderJson"/>: every domain of a provider); documented in docs/plan-json.md.
/// </summary>
internal static class HostedPlanJson
{
    public static DelegationJson From(Delegation delegation, HostingProvider provider) => new(
        delegation.Domain.Value, provider.Zone, provider.PolicyHost, Records(delegation));

    public static ProviderJson From(HostedPlan plan) => new(
        plan.Provider.Zone,
        plan.Provider.PolicyHost,
        [.. plan.Domains.Select(d => new DomainJson(
            d.Domain.Value, d.Policy.Mode.ToWire(), d.Policy.MaxAge, d.Retiring, d.PolicyUrl.ToString(), d.PolicyId.Value, d.PolicyText,
            [.. d.Records.Select(r => new PlanJson.Record(r.Name, "TXT", r.Ttl, r.Value))], Records(d.Delegation),
            [.. d.Steps.Select(s => new PlanJson.Step(s.Name, s.Description, s.Section))]))],
        [.. plan.Warnings.Select(w => w.ToString())]);

    private static List<PlanJson.Record> Records(Delegation delegation) =>
        [.. delegation.Records.Select(r => new PlanJson.Record(r.Name, "CNAME", r.Ttl, r.Target))];

    public sealed record DelegationJson(string Domain, string HostedBy, string PolicyHost, IReadOnlyList<PlanJson.Record> Records);

    public sealed record ProviderJson(string Zone, string PolicyHost, IReadOnlyList<DomainJson> Domains, IReadOnlyList<string> Warnings);

    public sealed record DomainJson(
        string Domain,
        string Mode,
        long MaxAge,
        bool Retiring,
        string PolicyUrl,
        string PolicyId,
        string Policy,
        IReadOnlyList<PlanJson.Record> Records,
        IReadOnlyList<PlanJson.Record> Delegation,
        IReadOnlyList<PlanJson.Step> Steps);
}
