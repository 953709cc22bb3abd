using Mail.MtaSts.Verification;
using Pulumi;

namespace Mail.MtaSts.Components;

/// <summary>
/// The owner's side of hosted MTA-STS (RFC 8461 §8.2, RFC 8460 §3): the three CNAMEs that delegate
/// <c>mta-sts</c>, <c>_mta-sts</c> and <c>_smtp._tls</c> of a domain to a provider running <see cref="HostedMtaSts"/>,
/// published once into the owner's Route 53 or Cloudflare zone. A zone already holding other data at one of the names
/// (an old TXT record, an address) is refused before anything registers: a CNAME cannot coexist with it (RFC 1034 §3.6.2).
/// </summary>
public sealed class MtaStsDelegation : ComponentResource
{
    /// <summary>The Pulumi type token of the component.</summary>
    public const string TypeToken = "mtasts:index:MtaStsDelegation";

    /// <summary>Creates the component, or throws <see cref="MtaStsException"/> naming each bad field and each conflicting record.</summary>
    public MtaStsDelegation(string name, MtaStsDelegationArgs args, ComponentResourceOptions? options = null)
        : this(name, Decide(args), args, options)
    {
    }

    private MtaStsDelegation(string name, DomainName domain, MtaStsDelegationArgs args, ComponentResourceOptions? options)
        : base(TypeToken, name, options)
    {
        var child = new CustomResourceOptions { Parent = this };
        var zone = args.Zone!;
        var names = (Host: $"{DeploymentPlan.HostLabel}.{domain}", Policy: $"{PolicyRecord.Label}.{domain}", TlsRpt: $"{TlsRptRecord.Label}.{domain}");
        zone.Cname($"{name}-mta-sts-host", names.Host, args.PolicyHostTarget!, child);
        zone.Cname($"{name}-mta-sts-record", names.Policy, args.PolicyRecordTarget!, child);
        zone.Cname($"{name}-tlsrpt-record", names.TlsRpt, args.TlsRptRecordTarget!, child);
        Names = Output.Create(new[] { names.Host, names.Policy, names.TlsRpt }.ToList());
        RegisterOutputs();
    }

    /// <summary>The three names published, each a CNAME to the provider.</summary>
    [Output("names")]
    public Output<List<string>> Names { get; private set; }

    private static DomainName Decide(MtaStsDelegationArgs args)
    {
        var parsed = DomainName.TryParse(args.Domain, "Domain");
        var errors = parsed.Errors.ToList();
        if (args.Zone is null)
        {
            errors.Add(new Diagnostic(Severity.Error, "Zone", "", "name the owner's DNS zone: Route53Zone or CloudflareZone", "RFC 8461 §8.2"));
        }

        foreach (var (field, target) in new[]
        {
            (nameof(args.PolicyHostTarget), args.PolicyHostTarget),
            (nameof(args.PolicyRecordTarget), args.PolicyRecordTarget),
            (nameof(args.TlsRptRecordTarget), args.TlsRptRecordTarget),
        })
        {
            if (target is null)
            {
                errors.Add(new Diagnostic(Severity.Error, field, "",
                    "give the provider's target (its delegations output, or MtaStsDelegationArgs.FromProvider)", "RFC 8461 §8.2"));
            }
        }

        if (errors.Count == 0 && args.CheckConflicts)
        {
            // Read-only, in a preview too: the conflict is the owner's to fix before anything is published.
            errors.AddRange(new DelegationLookup(args.DnsServer).ConflictsAsync(parsed.Value!).GetAwaiter().GetResult());
        }

        return errors.Count > 0 ? throw new MtaStsException(errors) : parsed.Value!;
    }
}
