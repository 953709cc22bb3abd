using System.Collections;
using System.Net;
using Pulumi;

namespace Mail.MtaSts.Components;

/// <summary>The inputs of <see cref="MtaStsDelegation"/>: the owner's domain and zone, and the provider's three targets.</summary>
public sealed class MtaStsDelegationArgs
{
    /// <summary>The owner's mail domain, e.g. <c>example.com</c>.</summary>
    public string Domain { get; set; } = "";

    /// <summary>The owner's DNS zone (<c>Route53Zone</c> or <c>CloudflareZone</c>), where the three CNAMEs go.</summary>
    public DnsZone? Zone { get; set; }

    /// <summary>The target of <c>mta-sts.&lt;domain&gt;</c>: the provider's policy host (its <c>policyHostTarget</c>).</summary>
    public Input<string>? PolicyHostTarget { get; set; }

    /// <summary>The target of <c>_mta-sts.&lt;domain&gt;</c> in the provider's zone (its <c>policyRecordTarget</c>).</summary>
    public Input<string>? PolicyRecordTarget { get; set; }

    /// <summary>The target of <c>_smtp._tls.&lt;domain&gt;</c> in the provider's zone (its <c>tlsRptRecordTarget</c>).</summary>
    public Input<string>? TlsRptRecordTarget { get; set; }

    /// <summary>
    /// Look up the three names before registering anything and refuse other data there (RFC 1034 §3.6.2). Default true;
    /// turn off only where DNS cannot be reached at deploy time.
    /// </summary>
    public bool CheckConflicts { get; set; } = true;

    /// <summary>The DNS server of that lookup; the system's resolvers when null.</summary>
    public IPEndPoint? DnsServer { get; set; }

    /// <summary>
    /// The arguments for <paramref name="domain"/> from the provider's <c>delegations</c> stack output read through a
    /// <c>StackReference</c> (<c>providerStack.GetOutput("delegations")</c>, see <see cref="HostedMtaSts.Delegations"/>).
    /// </summary>
    public static MtaStsDelegationArgs FromProvider(string domain, Output<object?> delegations, DnsZone zone) => new()
    {
        Domain = domain,
        Zone = zone,
        PolicyHostTarget = delegations.Apply(d => Target(d, domain, "policyHostTarget")),
        PolicyRecordTarget = delegations.Apply(d => Target(d, domain, "policyRecordTarget")),
        TlsRptRecordTarget = delegations.Apply(d => Target(d, domain, "tlsRptRecordTarget")),
    };

    private static string Target(object? delegations, string domain, string key)
    {
        var normalized = DomainName.Parse(domain).Value;
        return delegations is IDictionary all && all[normalized] is IDictionary one && one[key] is string target
            ? target
            : throw new MtaStsException([new Diagnostic(Severity.Error, "Domain", domain,
                $"the provider's delegations output has no {key} for this domain: ask the provider to host it first", "RFC 8461 §8.2")]);
    }
}
