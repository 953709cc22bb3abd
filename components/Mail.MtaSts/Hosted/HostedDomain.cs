namespace Mail.MtaSts.Hosted;

/// <summary>
/// Everything the provider publishes and serves for one hosted domain, decided by <see cref="HostedPlan.Create"/>: the
/// exact policy bytes and their id (changing only when this domain's bytes change, RFC 8461 §3.1), the TXT records in
/// the provider's zone, the owner's three CNAMEs, and the order in which they go live.
/// </summary>
public sealed class HostedDomain
{
    internal HostedDomain(DeploymentPlan plan, Delegation delegation, bool retiring, bool allowUncoveredMx, string field, IReadOnlyList<Diagnostic> warnings)
    {
        Plan = plan;
        Delegation = delegation;
        Retiring = retiring;
        AllowUncoveredMx = allowUncoveredMx;
        Field = field;
        MtaStsRecord = plan.MtaStsRecord with { Name = delegation.PolicyRecord.Target };
        TlsRptRecord = plan.TlsRptRecord! with { Name = delegation.TlsRptRecord.Target };
        Records = [MtaStsRecord, TlsRptRecord];
        Warnings = warnings;
        Steps = StepsFor(plan, delegation, MtaStsRecord, TlsRptRecord, retiring);
    }

    /// <summary>The mail domain, normalised.</summary>
    public DomainName Domain => Plan.Domain;

    /// <summary>The policy served (<c>mode: none</c> while retiring).</summary>
    public Policy Policy => Plan.Policy;

    /// <summary>The exact bytes served at <see cref="PolicyUrl"/>.</summary>
    public byte[] PolicyBytes => Plan.PolicyBytes;

    /// <summary><see cref="PolicyBytes"/> as text.</summary>
    public string PolicyText => Plan.PolicyText;

    /// <summary>The id derived from <see cref="PolicyBytes"/>.</summary>
    public PolicyId PolicyId => Plan.PolicyId;

    /// <summary><c>mta-sts.&lt;domain&gt;</c>: the Host the serving stack answers for, and the name its certificate must hold.</summary>
    public string HostName => Plan.HostName;

    /// <summary><c>https://mta-sts.&lt;domain&gt;/.well-known/mta-sts.txt</c>.</summary>
    public Uri PolicyUrl => Plan.PolicyUrl;

    /// <summary>The Content-Type to serve the policy with (RFC 8461 §3.2: text/plain).</summary>
    public string ContentType => Plan.ContentType;

    /// <summary>The Cache-Control to serve the policy with (<see cref="DeploymentPlan.CacheControl"/>).</summary>
    public string CacheControl => Plan.CacheControl;

    /// <summary>The three CNAMEs the owner publishes.</summary>
    public Delegation Delegation { get; }

    /// <summary>The TXT <c>&lt;label&gt;._mta-sts.&lt;zone&gt;</c> "v=STSv1; id=…" in the provider's zone.</summary>
    public DnsTxtRecord MtaStsRecord { get; }

    /// <summary>The TXT <c>&lt;label&gt;._smtp._tls.&lt;zone&gt;</c> "v=TLSRPTv1; rua=…" in the provider's zone.</summary>
    public DnsTxtRecord TlsRptRecord { get; }

    /// <summary><see cref="MtaStsRecord"/> and <see cref="TlsRptRecord"/>.</summary>
    public IReadOnlyList<DnsTxtRecord> Records { get; }

    /// <summary>
    /// Whether the domain is being retired (RFC 8461 §8.3, <see cref="HostedDomainSettings.Retire"/>): its policy is
    /// <c>mode: none</c> with a short max_age, served until the previous policy's max_age has passed.
    /// </summary>
    public bool Retiring { get; }

    /// <summary>Whether an uncovered live MX host is a warning rather than an error in enforce mode.</summary>
    public bool AllowUncoveredMx { get; }

    /// <summary>Advice about this domain's settings that does not stop the deployment, fields named as in the settings.</summary>
    public IReadOnlyList<Diagnostic> Warnings { get; }

    /// <summary>The steps for this domain in the order they must go live; the <c>_mta-sts</c> TXT waits on this domain's bytes only.</summary>
    public IReadOnlyList<DeploymentStep> Steps { get; }

    /// <summary>The single-domain plan the policy, id and records are taken from.</summary>
    internal DeploymentPlan Plan { get; }

    /// <summary>The settings path of this domain in diagnostics, e.g. <c>domains[3] (example.org)</c>.</summary>
    internal string Field { get; }

    private static List<DeploymentStep> StepsFor(DeploymentPlan plan, Delegation delegation, DnsTxtRecord mtaSts, DnsTxtRecord tlsRpt, bool retiring)
    {
        var cnames = string.Join(", ", delegation.Records.Select(r => $"{r.Name} → {r.Target}"));
        var steps = new List<DeploymentStep>
        {
            new("owner-publishes-cnames",
                $"The owner of {plan.Domain} publishes, once, CNAME {cnames}; each name must hold no other record.",
                "RFC 8461 §8.2, RFC 8460 §3, RFC 1034 §3.6.2"),
            new("publish-tlsrpt-record", $"Publish TXT {tlsRpt.Name} \"{tlsRpt.Value}\" in the provider's zone.", "RFC 8460 §3"),
            new("serve-policy-host",
                $"Serve Host {plan.HostName} on {delegation.PolicyHost.Target} with a certificate valid for {plan.HostName} itself " +
                "(issued once the owner's CNAME points at the policy host), TLS 1.2 or later, no redirects.", "RFC 8461 §3.3"),
            new("serve-policy",
                $"Serve {plan.PolicyUrl} with status 200, Content-Type {plan.ContentType}, exactly {plan.PolicyBytes.Length} bytes " +
                $"(mode {plan.Policy.Mode.ToWire()}), and wait until every edge serves these bytes for this Host.", "RFC 8461 §3.2, §3.3"),
            new("publish-policy-record",
                $"Only then publish TXT {mtaSts.Name} \"{mtaSts.Value}\" in the provider's zone: it waits on this domain's bytes, " +
                "not on the rest of the fleet.", "RFC 8461 §3.1, §8.1"),
        };
        if (retiring)
        {
            steps.Add(new("wait-previous-max-age",
                "Wait until the max_age of the previously published policy has passed since this policy went live; then delete " +
                $"{mtaSts.Name} and {tlsRpt.Name}, stop serving {plan.HostName}, and tell the owner to delete the three CNAMEs " +
                "(left in place they dangle).", "RFC 8461 §8.3"));
        }

        return steps;
    }
}
