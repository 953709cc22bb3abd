using System.Collections.Immutable;
using System.Text;
using Mail.MtaSts.Hosted;
using Mail.MtaSts.Verification;
using Pulumi;

namespace Mail.MtaSts.Components;

/// <summary>
/// A provider hosting MTA-STS (RFC 8461) and TLS-RPT (RFC 8460) for many domains from ONE serving stack (RFC 8461 §8.2):
/// the policy host serves each domain's exact bytes by Host, and the provider's zone holds each domain's
/// <c>_mta-sts</c> and <c>_smtp._tls</c> TXT records, which the owners reach through three CNAMEs published once.
/// Every decision is the core's <see cref="HostedPlan"/>; this component maps it onto resources, each domain's
/// <c>_mta-sts</c> record waiting on what serves that domain's bytes (RFC 8461 §8.1).
/// </summary>
public sealed class HostedMtaSts : ComponentResource
{
    /// <summary>The Pulumi type token of the component.</summary>
    public const string TypeToken = "mtasts:index:HostedMtaSts";

    /// <summary>
    /// Creates the component. Invalid arguments (a domain twice, the provider's own names, a bad mx pattern, a name too
    /// long for a certificate, a domain without report URIs) throw <see cref="MtaStsException"/> naming each domain,
    /// field, value, rule and RFC section, before any resource registers. On an update, an enforce domain whose live MX
    /// host no pattern covers fails it too, unless that domain allows it.
    /// </summary>
    public HostedMtaSts(string name, HostedMtaStsArgs args, ComponentResourceOptions? options = null)
        : this(name, args, options, mxLookup: null)
    {
    }

    /// <summary>The component with the live MX lookup replaced (tests, benchmarks).</summary>
    internal HostedMtaSts(string name, HostedMtaStsArgs args, ComponentResourceOptions? options, IMxLookup? mxLookup)
        : this(name, Decide(args, mxLookup), options)
    {
    }

    // Decide runs before the base constructor, so bad arguments fail before the component or any child registers.
    private HostedMtaSts(string name, Decision decision, ComponentResourceOptions? options)
        : base(TypeToken, name, options)
    {
        var plan = decision.Plan;
        foreach (var note in decision.Notes)
        {
            Log.Warn(note.ToString(), this);
        }

        var served = decision.Serving.Serve(name, plan, decision.Zone, this);
        var child = new CustomResourceOptions { Parent = this };
        var policyRecords = new List<(HostedDomain Domain, CustomResource Record)>();
        foreach (var domain in plan.Domains)
        {
            // Named by the domain's label in the provider's zone: stable across deploys and independent of list order.
            var label = domain.Delegation.Label;
            decision.Zone.Txt($"{name}-{label}-tlsrpt", domain.TlsRptRecord, child);
            // RFC 8461 §8.1 per domain: the id waits on what serves THIS domain's bytes, not on the rest of the fleet.
            var record = decision.Zone.Txt($"{name}-{label}-mta-sts", domain.MtaStsRecord,
                new CustomResourceOptions { Parent = this, DependsOn = served.For(domain) });
            policyRecords.Add((domain, record));
        }

        Delegations = Output.Create(plan.Domains.ToImmutableDictionary(d => d.Domain.Value, Delegated));
        Table = Output.Create(TableOf(plan));
        PolicyHost = Output.Create(plan.Provider.PolicyHost);
        Retiring = Output.Create(plan.Domains.Where(d => d.Retiring)
            .ToImmutableDictionary(d => d.Domain.Value, d => d.Steps[^1].Description));
        VerificationReport = Verified(policyRecords, decision.Verification);
        RegisterOutputs();
    }

    /// <summary>
    /// Per domain, what its owner publishes and what is served: <c>policyHost</c>, <c>policyRecord</c>,
    /// <c>tlsRptRecord</c> (the owner's three names) with their CNAME targets <c>policyHostTarget</c>,
    /// <c>policyRecordTarget</c>, <c>tlsRptRecordTarget</c>, and <c>policyId</c>, <c>policyUrl</c>, <c>mode</c>.
    /// An owner's stack reads these through a <c>StackReference</c> (<see cref="MtaStsDelegation"/>).
    /// </summary>
    [Output("delegations")]
    public Output<ImmutableDictionary<string, ImmutableDictionary<string, string>>> Delegations { get; private set; }

    /// <summary>The same as a readable table, one domain per block: <c>pulumi stack output table</c>.</summary>
    [Output("table")]
    public Output<string> Table { get; private set; }

    /// <summary>The provider's policy host every owner's <c>mta-sts.&lt;domain&gt;</c> points at.</summary>
    [Output("policyHost")]
    public Output<string> PolicyHost { get; private set; }

    /// <summary>
    /// The domains being retired (RFC 8461 §8.3), each with what remains to do: when it may be removed from the list,
    /// and that its owner deletes the three CNAMEs.
    /// </summary>
    [Output("retiring")]
    public Output<ImmutableDictionary<string, string>> Retiring { get; private set; }

    /// <summary>
    /// After an update, the verification of every delegated domain as JSON (schema <c>mta-sts-verify/1</c>), the others
    /// logged as waiting for the owner's CNAMEs; null in a preview or when verification is disabled.
    /// </summary>
    [Output("verificationReport")]
    public Output<string?> VerificationReport { get; private set; }

    private static ImmutableDictionary<string, string> Delegated(HostedDomain domain) => new Dictionary<string, string>
    {
        ["policyHost"] = domain.Delegation.PolicyHost.Name,
        ["policyHostTarget"] = domain.Delegation.PolicyHost.Target,
        ["policyRecord"] = domain.Delegation.PolicyRecord.Name,
        ["policyRecordTarget"] = domain.Delegation.PolicyRecord.Target,
        ["tlsRptRecord"] = domain.Delegation.TlsRptRecord.Name,
        ["tlsRptRecordTarget"] = domain.Delegation.TlsRptRecord.Target,
        ["policyId"] = domain.PolicyId.Value,
        ["policyUrl"] = domain.PolicyUrl.ToString(),
        ["mode"] = domain.Policy.Mode.ToWire(),
    }.ToImmutableDictionary();

    /// <summary>Each domain's three CNAMEs and its policy, aligned, for <c>pulumi stack output table</c>.</summary>
    private static string TableOf(HostedPlan plan)
    {
        var rows = plan.Domains.SelectMany(d => d.Delegation.Records.Select(r => (d, r))).ToList();
        var nameWidth = rows.Count == 0 ? 0 : rows.Max(x => x.r.Name.Length);
        var text = new StringBuilder();
        foreach (var domain in plan.Domains)
        {
            text.Append($"{domain.Domain}  mode {domain.Policy.Mode.ToWire()}  id {domain.PolicyId}  {domain.PolicyUrl}")
                .Append(domain.Retiring ? "  (retiring)" : "").Append('\n');
            foreach (var record in domain.Delegation.Records)
            {
                text.Append("  ").Append(record.Name.PadRight(nameWidth)).Append("  CNAME  ").Append(record.Target).Append('\n');
            }
        }

        return text.ToString();
    }

    /// <summary>
    /// Runs on an update once every <c>_mta-sts</c> record is published: each domain whose owner has published the three
    /// CNAMEs (<see cref="DelegationLookup"/>) is verified against its deployed bytes; the others are logged as waiting
    /// for the owner's CNAMEs, which never fails the update.
    /// </summary>
    private Output<string?> Verified(List<(HostedDomain Domain, CustomResource Record)> records, VerificationArgs verification)
    {
        if (Deployment.Instance.IsDryRun || !verification.Enabled || records.Count == 0)
        {
            return Output.Create(default(string?));
        }

        var lookup = new DelegationLookup(verification.DnsServer, verification.Timeout);
        return Output.All(records.Select(r => r.Record.Id)).Apply<string?>(async _ =>
        {
            var reports = new List<VerificationReport>();
            foreach (var (domain, _) in records)
            {
                var state = await lookup.LookupAsync(domain.Delegation);
                if (!state.IsPublished)
                {
                    Log.Info(state.Summary, this);
                    continue;
                }

                var options = new VerificationOptions
                {
                    DnsServer = verification.DnsServer,
                    Timeout = verification.Timeout,
                    ExpectedPolicy = domain.PolicyBytes,
                    CheckSmtp = verification.CheckSmtp,
                    Attempts = verification.Attempts,
                    RetryDelay = verification.RetryDelay,
                    MaxRetryDelay = verification.MaxRetryDelay,
                };
                options.TrustRoots.AddRange(verification.TrustRoots);
                var report = await new Verifier(options).VerifyWithRetryAsync(domain.Domain.Value, (failed, wait) => Log.Info(
                    $"verification of {domain.Domain} has {failed.Checks.Count(c => c.Status == CheckStatus.Fail)} failing checks; " +
                    $"DNS and caches may still propagate; retrying in {wait}", this));
                foreach (var check in report.Checks.Where(c => c.Status is CheckStatus.Fail or CheckStatus.Warn))
                {
                    var line = $"{domain.Domain}: {check.Id}: {check.Message} ({check.Section}){(check.Fix.Length > 0 ? $" fix: {check.Fix}" : "")}";
                    if (check.Status == CheckStatus.Fail && verification.FailOnError)
                    {
                        Log.Error(line, this);
                    }
                    else
                    {
                        Log.Warn(line, this);
                    }
                }

                reports.Add(report);
            }

            return reports.Count == 0 ? null : VerificationJson.Serialize(reports);
        });
    }

    private static Decision Decide(HostedMtaStsArgs args, IMxLookup? mxLookup)
    {
        var errors = new List<Diagnostic>();
        var serving = args.Serving;
        var zone = args.Dns ?? serving?.DefaultZone;
        if (serving is null)
        {
            errors.Add(new Diagnostic(Severity.Error, "Serving", "",
                "choose where the policy host runs: AwsHostedServing or CloudflareHostedServing", "RFC 8461 §3.3"));
        }
        else if (zone is null)
        {
            errors.Add(new Diagnostic(Severity.Error, "Dns", "",
                "name the provider's DNS zone: the serving's zone id or Dns", "RFC 8461 §3.1"));
        }

        HostedPlan? plan = null;
        try
        {
            plan = HostedPlan.Create(new HostedSettings
            {
                Zone = args.Zone,
                PolicyHost = args.PolicyHost,
                Rua = args.Rua,
                Domains = args.Domains,
            });
        }
        catch (MtaStsException e)
        {
            errors.AddRange(e.Diagnostics);
        }

        if (plan is not null && serving is not null && zone is not null)
        {
            errors.AddRange(serving.Reject(plan, zone));
        }

        if (errors.Count > 0 || plan is null)
        {
            throw new MtaStsException(errors);
        }

        // The enforce guard (RFC 8461 §4.1, §5), on an update: each enforce domain's live MX against its patterns.
        IReadOnlyList<Diagnostic> coverage = [];
        var enforced = plan.Domains.Where(d => d.Policy.Mode == PolicyMode.Enforce).ToList();
        if (!Deployment.Instance.IsDryRun && enforced.Count > 0)
        {
            var lookup = mxLookup ?? new DnsMxLookup(new MxLookup(args.Verification.DnsServer, args.Verification.Timeout));
            var live = enforced.ToDictionary(d => d.Domain, d => lookup.LookupAsync(d.Domain).GetAwaiter().GetResult());
            coverage = plan.CheckMx(live);
            if (coverage.Where(d => d.Severity == Severity.Error).ToArray() is { Length: > 0 } uncovered)
            {
                throw new MtaStsException(uncovered);
            }
        }

        return new Decision(plan, serving!, zone!, [.. plan.Warnings, .. coverage], args.Verification);
    }

    private sealed record Decision(HostedPlan Plan, HostedServing Serving, DnsZone Zone, IReadOnlyList<Diagnostic> Notes, VerificationArgs Verification);
}
