using System.Security.Cryptography;
using System.Text;

namespace Mail.MtaSts.Hosted;

/// <summary>
/// The names of a provider that hosts MTA-STS for other people's domains (RFC 8461 §8.2): its policy host, which every
/// <c>mta-sts.&lt;domain&gt;</c> is a CNAME to, and its zone, under which each domain's <c>_mta-sts</c> and
/// <c>_smtp._tls</c> TXT records live at a name derived from the domain (<see cref="LabelFor"/>).
/// </summary>
public sealed class HostingProvider
{
    /// <summary>The longest label (RFC 1035 §2.3.4).</summary>
    public const int MaxLabel = 63;

    /// <summary>The longest name (RFC 1035 §2.3.4).</summary>
    public const int MaxName = 253;

    /// <summary>The longest policy host a certificate can be issued for by ACM or Let's Encrypt: ub-common-name (RFC 5280).</summary>
    public const int MaxCertificateName = 64;

    /// <summary>The TTL of the owner's CNAMEs: an hour; they are published once and never change.</summary>
    public const int DelegationTtl = 3600;

    // The longest label under the zone: the per-domain TXT names are <label>._smtp._tls.<zone>.
    private static readonly int LongestRecordLabel = Math.Max(PolicyRecord.Label.Length, TlsRptRecord.Label.Length);

    private const int HashLength = 10;

    private HostingProvider(string zone, string policyHost)
    {
        Zone = zone;
        PolicyHost = policyHost;
    }

    /// <summary>The provider's zone, e.g. <c>provider.example</c>: the per-domain TXT records live under it.</summary>
    public string Zone { get; }

    /// <summary>
    /// The provider's policy host, e.g. <c>mta-sts.provider.example</c>: every hosted <c>mta-sts.&lt;domain&gt;</c> is a
    /// CNAME to it, and what answers there serves each domain's policy by Host with a certificate for that name.
    /// </summary>
    public string PolicyHost { get; }

    /// <summary>
    /// Checks the provider's names, or throws an <see cref="MtaStsException"/> naming field, value and rule.
    /// </summary>
    /// <param name="zone">The provider's zone, e.g. <c>provider.example</c>.</param>
    /// <param name="policyHost">The policy host; <c>mta-sts.&lt;zone&gt;</c> when null or empty.</param>
    public static HostingProvider Create(string zone, string? policyHost = null)
    {
        var (provider, errors) = TryCreate(zone, policyHost);
        return provider ?? throw new MtaStsException(errors);
    }

    /// <summary>The provider, or every error in its names (fields <c>zone</c> and <c>policyHost</c>).</summary>
    internal static (HostingProvider? Provider, List<Diagnostic> Errors) TryCreate(string? zone, string? policyHost)
    {
        var errors = new List<Diagnostic>();
        var parsedZone = DomainName.TryParse(zone, "zone");
        errors.AddRange(parsedZone.Errors);
        // RFC 1035 §2.3.4: the longest per-domain name, <63-octet label>._smtp._tls.<zone>, must still be a name.
        var longest = MaxLabel + 1 + LongestRecordLabel + 1;
        if (parsedZone.Value is { } z && longest + z.Value.Length > MaxName)
        {
            errors.Add(new Diagnostic(Severity.Error, "zone", zone ?? "",
                $"the per-domain names <label>.{TlsRptRecord.Label}.<zone> may have a " +
                $"{MaxLabel}-octet label: the zone is at most {MaxName - longest} characters so that they stay within {MaxName}",
                "RFC 1035 §2.3.4"));
        }

        string? host = null;
        if (string.IsNullOrWhiteSpace(policyHost))
        {
            host = parsedZone.Value is { } defaulted ? $"{DeploymentPlan.HostLabel}.{defaulted.Value}" : null;
        }
        else
        {
            var parsedHost = DomainName.TryParse(policyHost, "policyHost");
            errors.AddRange(parsedHost.Errors);
            host = parsedHost.Value?.Value;
        }

        return errors.Count > 0 || host is null
            ? (null, errors)
            : (new HostingProvider(parsedZone.Value!.Value, host), errors);
    }

    /// <summary>
    /// The label of <paramref name="domain"/> under the provider's zone: readable, unique, stable and DNS-valid.
    /// Each dot of the domain becomes <c>-</c> and each hyphen <c>--</c> (<c>mail-corp.example</c> gives
    /// <c>mail--corp-example</c>): a domain's labels never begin or end with a hyphen, so a run of hyphens is one dot
    /// or an even number of hyphens, and distinct domains give distinct labels. A label that would exceed 63 octets
    /// (RFC 1035 §2.3.4) is cut and ends in <c>---</c> and 40 bits of the domain's SHA-256; no uncut label contains a
    /// run of three hyphens, so a cut label never equals an uncut one.
    /// </summary>
    public static string LabelFor(DomainName domain)
    {
        var label = domain.Value.Replace("-", "--", StringComparison.Ordinal).Replace('.', '-');
        if (label.Length <= MaxLabel)
        {
            return label;
        }

        var hash = Convert.ToHexString(SHA256.HashData(Encoding.ASCII.GetBytes(domain.Value)), 0, HashLength / 2).ToLowerInvariant();
        return $"{label[..(MaxLabel - HashLength - 3)].TrimEnd('-')}---{hash}";
    }

    /// <summary>
    /// The three CNAMEs the owner of <paramref name="domain"/> publishes to delegate MTA-STS and TLS-RPT to this provider,
    /// or an <see cref="MtaStsException"/> when the domain cannot be delegated (<see cref="Check"/>).
    /// </summary>
    public Delegation DelegationFor(DomainName domain)
    {
        var errors = Check(domain, "domain");
        return errors.Count > 0 ? throw new MtaStsException(errors) : Delegate(domain);
    }

    /// <summary>The delegation of a domain already checked.</summary>
    internal Delegation Delegate(DomainName domain)
    {
        var label = LabelFor(domain);
        return new Delegation(domain, label,
            new DnsCnameRecord($"{DeploymentPlan.HostLabel}.{domain}", PolicyHost, DelegationTtl),
            new DnsCnameRecord($"{PolicyRecord.Label}.{domain}", $"{label}.{PolicyRecord.Label}.{Zone}", DelegationTtl),
            new DnsCnameRecord($"{TlsRptRecord.Label}.{domain}", $"{label}.{TlsRptRecord.Label}.{Zone}", DelegationTtl));
    }

    /// <summary>
    /// Why <paramref name="domain"/> cannot be delegated to this provider, if it cannot: it is the provider's zone or
    /// policy host or lies under them (its CNAMEs would point into the provider's own names, and
    /// <c>mta-sts.&lt;zone&gt;</c> at itself: RFC 1034 §3.6.2), or its policy host is too long for a certificate (which
    /// also keeps every owner name within 253 characters).
    /// </summary>
    internal List<Diagnostic> Check(DomainName domain, string field)
    {
        var errors = new List<Diagnostic>();
        var name = domain.Value;
        if (IsAtOrUnder(name, Zone) || IsAtOrUnder(name, PolicyHost) || $"{DeploymentPlan.HostLabel}.{name}" == PolicyHost)
        {
            errors.Add(new Diagnostic(Severity.Error, field, name,
                $"is the provider's own zone ({Zone}) or policy host ({PolicyHost}) or lies under them: its CNAMEs would " +
                "point into the provider's own names; publish its records directly (MtaStsDomain, mta-sts plan)",
                "RFC 1034 §3.6.2, RFC 8461 §8.2"));
        }

        // RFC 5280 Appendix A (ub-common-name 64): ACM takes the certificate's name as its Common Name, and Let's Encrypt
        // needs a name that fits one, so a longer mta-sts.<domain> gets no certificate from either.
        var host = $"{DeploymentPlan.HostLabel}.{name}";
        if (host.Length > MaxCertificateName)
        {
            errors.Add(new Diagnostic(Severity.Error, field, name,
                $"the policy host {host} is {host.Length} characters; a certificate authority puts it in the Common Name, " +
                $"at most {MaxCertificateName} (ACM and Let's Encrypt refuse longer ones), so it cannot get a certificate",
                "RFC 5280 Appendix A, RFC 8461 §3.3"));
        }

        return errors;
    }

    private static bool IsAtOrUnder(string name, string ancestor) =>
        name == ancestor || name.EndsWith("." + ancestor, StringComparison.Ordinal);
}
