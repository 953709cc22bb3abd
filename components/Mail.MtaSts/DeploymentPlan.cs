using System.Text;
using Mail.MtaSts.Hosting;

namespace Mail.MtaSts;

/// <summary>
/// Everything a deployment of MTA-STS and TLS-RPT for one domain needs, decided once by the core: the exact policy
/// bytes and how to serve them, both TXT records, and the order in which they go live. The Pulumi component and the
/// CLI both use this; neither repeats a rule.
/// </summary>
public sealed class DeploymentPlan
{
    /// <summary>The well-known path of the policy (RFC 8461 §3.3).</summary>
    public const string PolicyPath = "/.well-known/mta-sts.txt";

    /// <summary>The label of the policy host: <c>mta-sts.&lt;domain&gt;</c> (RFC 8461 §3.3).</summary>
    public const string HostLabel = "mta-sts";

    /// <summary>The max_age served while retiring (RFC 8461 §8.3 suggests a small value): one day.</summary>
    public const long RetireMaxAge = 86_400;

    /// <summary>TTL of the <c>_mta-sts</c> record: short, so a new id reaches senders soon after the policy changes.</summary>
    public const int PolicyRecordTtl = 300;

    /// <summary>TTL of the <c>_smtp._tls</c> record.</summary>
    public const int TlsRptRecordTtl = 3600;

    private const int MaxName = 253;

    /// <summary><see cref="ContentType"/> for every plan.</summary>
    internal const string PolicyContentType = "text/plain; charset=utf-8";

    /// <summary><see cref="CacheControl"/> for every plan.</summary>
    internal const string PolicyCacheControl = "max-age=300";

    private DeploymentPlan(DomainName domain, Policy policy, TlsRptRecord? tlsRpt, ReportEndpoint? reportEndpoint, IReadOnlyList<Diagnostic> warnings, bool retire)
    {
        ReportEndpoint = reportEndpoint;
        Domain = domain;
        Policy = policy;
        PolicyBytes = policy.ToBytes();
        PolicyText = Encoding.ASCII.GetString(PolicyBytes);
        PolicyId = PolicyId.ForPolicy(PolicyBytes);
        HostName = $"{HostLabel}.{domain}";
        PolicyUrl = new Uri($"https://{HostName}{PolicyPath}");
        MtaStsRecord = new DnsTxtRecord($"{PolicyRecord.Label}.{domain}", new PolicyRecord(PolicyId).ToString(), PolicyRecordTtl);
        TlsRptRecord = tlsRpt is null ? null : new DnsTxtRecord($"{MtaSts.TlsRptRecord.Label}.{domain}", tlsRpt.ToString(), TlsRptRecordTtl);
        Records = TlsRptRecord is null ? [MtaStsRecord] : [MtaStsRecord, TlsRptRecord];
        Warnings = warnings;
        Steps = StepsFor(retire);
    }

    /// <summary>The mail domain, normalised.</summary>
    public DomainName Domain { get; }

    /// <summary>The policy to serve.</summary>
    public Policy Policy { get; }

    /// <summary>The exact bytes to serve at <see cref="PolicyUrl"/>.</summary>
    public byte[] PolicyBytes { get; }

    /// <summary><see cref="PolicyBytes"/> as text.</summary>
    public string PolicyText { get; }

    /// <summary>The id derived from <see cref="PolicyBytes"/>; changes if and only if they change.</summary>
    public PolicyId PolicyId { get; }

    /// <summary>The policy host, <c>mta-sts.&lt;domain&gt;</c>; its certificate must be valid for this name.</summary>
    public string HostName { get; }

    /// <summary><c>https://mta-sts.&lt;domain&gt;/.well-known/mta-sts.txt</c>.</summary>
    public Uri PolicyUrl { get; }

    /// <summary>The Content-Type to serve the policy with (RFC 8461 §3.2: text/plain).</summary>
    public string ContentType { get; } = PolicyContentType;

    /// <summary>
    /// The Cache-Control to serve the policy with: five minutes, so a CDN never keeps serving an old policy long
    /// after a new id is published (RFC 8461 §8.1).
    /// </summary>
    public string CacheControl { get; } = PolicyCacheControl;

    /// <summary>The <c>_mta-sts</c> TXT record.</summary>
    public DnsTxtRecord MtaStsRecord { get; }

    /// <summary>The <c>_smtp._tls</c> TXT record, or <see langword="null"/> when no report URI was given.</summary>
    public DnsTxtRecord? TlsRptRecord { get; }

    /// <summary>
    /// The <c>https:</c> report endpoint on the policy host that the TLS-RPT record lists, when reports are collected
    /// (<see cref="PolicySettings.CollectReports"/>); null otherwise.
    /// </summary>
    public ReportEndpoint? ReportEndpoint { get; }

    /// <summary>Every TXT record to publish: <see cref="MtaStsRecord"/>, then <see cref="TlsRptRecord"/> when there is one.</summary>
    public IReadOnlyList<DnsTxtRecord> Records { get; }

    /// <summary>Advice about the settings that does not stop the deployment (e.g. a very short max_age).</summary>
    public IReadOnlyList<Diagnostic> Warnings { get; }

    /// <summary>The steps in the order they must go live.</summary>
    public IReadOnlyList<DeploymentStep> Steps { get; }

    /// <summary>
    /// Validates <paramref name="settings"/> and decides the deployment, or throws an <see cref="MtaStsException"/>
    /// naming every bad field, value, rule and RFC section at once.
    /// </summary>
    public static DeploymentPlan Create(PolicySettings settings)
    {
        var errors = new List<Diagnostic>();
        var domain = DomainName.TryParse(settings.Domain);
        errors.AddRange(domain.Errors);
        if (domain.Value is { } name)
        {
            // RFC 1035 §2.3.4: every name published, not only the domain, is at most 253 characters.
            var label = settings.Rua.Count > 0 || settings.CollectReports ? MtaSts.TlsRptRecord.Label : PolicyRecord.Label;
            if (label.Length + 1 + name.Value.Length is var length && length > MaxName)
            {
                errors.Add(new Diagnostic(Severity.Error, "domain", settings.Domain,
                    $"the record name {label}.<domain> would be {length} characters; a domain name is at most {MaxName}",
                    "RFC 1035 §2.3.4"));
            }
        }

        var mx = new List<MxPattern>();
        for (var i = 0; i < settings.Mx.Count; i++)
        {
            var pattern = MxPattern.Create((settings.Mx[i] ?? "").Trim(), convertUnicode: true);
            errors.AddRange(pattern.Errors.Select(d => d with { Field = $"mx[{i}]" }));
            if (pattern.Value is { } ok && !mx.Contains(ok))
            {
                mx.Add(ok);
            }
        }

        var mode = settings.Retire ? PolicyMode.None : settings.Mode;
        var maxAge = settings.Retire ? RetireMaxAge : settings.MaxAge;
        // Counted as given: mx values that are themselves invalid are already reported above.
        if (!settings.Retire && PolicyRules.Check(mode, maxAge, settings.Mx.Count) is { } policyErrors)
        {
            errors.AddRange(policyErrors);
        }

        // The report endpoint is a path on the policy host (RFC 8460 §5.4): its URI is known now, so it goes into rua= (§3).
        ReportEndpoint? endpoint = null;
        if (settings.CollectReports && errors.Count == 0 && domain.Value is { } reported)
        {
            endpoint = new ReportEndpoint($"{HostLabel}.{reported}", [reported]);
        }

        var rua = endpoint is null || settings.Rua.Any(u => string.Equals(u?.Trim(), endpoint.Uri.ToString(), StringComparison.OrdinalIgnoreCase))
            ? settings.Rua
            : [.. settings.Rua, endpoint.Uri.ToString()];
        TlsRptRecord? tlsRpt = null;
        if (rua.Count > 0)
        {
            try
            {
                tlsRpt = MtaSts.TlsRptRecord.FromUris(rua);
            }
            catch (MtaStsException e)
            {
                errors.AddRange(e.Diagnostics);
            }
        }

        if (errors.Count > 0)
        {
            throw new MtaStsException(errors);
        }

        var policy = new Policy(mode, maxAge, settings.Retire ? [] : mx);
        if (policy.ToBytes().Length is var size && size > Policy.MaxSize)
        {
            // RFC 8461 §3.3: senders need not read more than 64 KiB; a longer policy fails to fetch.
            throw new MtaStsException([new Diagnostic(Severity.Error, "mx", $"{mx.Count} patterns, {size} bytes",
                $"the policy must be at most {Policy.MaxSize} bytes (64 KiB); use wildcard patterns", "RFC 8461 §3.3")]);
        }

        var warnings = new List<Diagnostic>();
        if (PolicyRules.MaxAgeAdvice(maxAge, mode) is { } advice && !settings.Retire)
        {
            warnings.Add(advice);
        }

        if (domain.Value!.Value.StartsWith(HostLabel + ".", StringComparison.Ordinal))
        {
            // RFC 8461 §3.3: the policy host is mta-sts.<mail domain>; a plan for the host itself would use mta-sts.mta-sts.
            warnings.Add(new Diagnostic(Severity.Warning, "domain", domain.Value.Value,
                "this looks like the policy host; give the mail domain (the part of an address after @), " +
                $"e.g. {domain.Value.Value[(HostLabel.Length + 1)..]}", "RFC 8461 §3.3"));
        }

        if (tlsRpt is null && !settings.Retire)
        {
            warnings.Add(new Diagnostic(Severity.Warning, "rua", "",
                "no TLS-RPT report URI: you will not hear about senders that fail to validate your MX hosts", "RFC 8460 §3"));
        }

        return new DeploymentPlan(domain.Value!, policy, tlsRpt, endpoint, warnings, settings.Retire);
    }

    private List<DeploymentStep> StepsFor(bool retire)
    {
        var steps = new List<DeploymentStep>();
        if (ReportEndpoint is { } endpoint)
        {
            steps.Add(new("serve-report-endpoint",
                $"Accept TLS reports by POST at {endpoint.Uri} and store each one as received, before the TLS-RPT record lists it.",
                "RFC 8460 §5.4"));
        }

        if (TlsRptRecord is { } tlsRpt)
        {
            steps.Add(new("publish-tlsrpt-record",
                $"Publish TXT {tlsRpt.Name} \"{tlsRpt.Value}\" so senders report TLS failures from the start.", "RFC 8460 §3"));
        }

        steps.Add(new("serve-policy-host",
            $"Serve https://{HostName}/ with a certificate valid for {HostName}, TLS 1.2 or later, no redirects.",
            "RFC 8461 §3.3"));
        steps.Add(new("serve-policy",
            $"Serve {PolicyUrl} with status 200, Content-Type {ContentType}, exactly {PolicyBytes.Length} bytes " +
            $"(mode {Policy.Mode.ToWire()}), and wait until every edge serves these bytes.", "RFC 8461 §3.2, §3.3"));
        steps.Add(new("publish-policy-record",
            $"Only then publish TXT {MtaStsRecord.Name} \"{MtaStsRecord.Value}\": a new id tells senders to fetch the " +
            "policy, so the new policy must already be served.", "RFC 8461 §3.1, §8.1"));
        if (retire)
        {
            steps.Add(new("wait-previous-max-age",
                "Wait until the max_age of the previously published policy has passed since this policy went live; " +
                $"then delete {MtaStsRecord.Name}, the policy host and its records.", "RFC 8461 §8.3"));
        }

        return steps;
    }
}
