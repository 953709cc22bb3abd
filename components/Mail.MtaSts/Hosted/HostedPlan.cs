namespace Mail.MtaSts.Hosted;

/// <summary>
/// Everything a provider hosting MTA-STS and TLS-RPT for many domains needs, decided once by the core (RFC 8461 §8.2):
/// for each domain its own plan (<see cref="HostedDomain"/>: bytes, id, TXT records in the provider's zone, the owner's
/// three CNAMEs), and the Host → policy map one serving stack answers from. The Pulumi components and the CLI use this;
/// neither repeats a rule.
/// </summary>
public sealed class HostedPlan
{
    private readonly Dictionary<string, HostedDomain> byHost;

    private HostedPlan(HostingProvider provider, IReadOnlyList<HostedDomain> domains, IReadOnlyList<Diagnostic> warnings)
    {
        Provider = provider;
        Domains = domains;
        Warnings = warnings;
        Records = [.. domains.SelectMany(d => d.Records)];
        byHost = domains.ToDictionary(d => d.HostName, StringComparer.Ordinal);
    }

    /// <summary>The provider's zone and policy host.</summary>
    public HostingProvider Provider { get; }

    /// <summary>The hosted domains, in the order given.</summary>
    public IReadOnlyList<HostedDomain> Domains { get; }

    /// <summary>Every TXT record to publish in the provider's zone: two per domain.</summary>
    public IReadOnlyList<DnsTxtRecord> Records { get; }

    /// <summary>Advice that does not stop the deployment, each naming the domain.</summary>
    public IReadOnlyList<Diagnostic> Warnings { get; }

    /// <summary>
    /// The domain whose policy host is <paramref name="hostName"/> (<c>mta-sts.&lt;domain&gt;</c>, any case, one trailing
    /// dot allowed), or null: what the serving stack answers for a Host.
    /// </summary>
    public HostedDomain? Find(string hostName) =>
        byHost.GetValueOrDefault(HostSyntax.Comparable(hostName));

    /// <summary>
    /// Validates <paramref name="settings"/> and decides every domain, or throws an <see cref="MtaStsException"/> naming
    /// every bad domain, field, value, rule and RFC section at once, before anything is deployed.
    /// </summary>
    public static HostedPlan Create(HostedSettings settings)
    {
        var (provider, errors) = HostingProvider.TryCreate(settings.Zone, settings.PolicyHost);
        TlsRptRecord? providerRua = null;
        if (settings.Rua.Count > 0)
        {
            try
            {
                providerRua = TlsRptRecord.FromUris(settings.Rua);
            }
            catch (MtaStsException e)
            {
                errors.AddRange(e.Diagnostics);
            }
        }

        var domains = new List<HostedDomain>();
        var warnings = new List<Diagnostic>();
        var seen = new Dictionary<DomainName, string>();
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < settings.Domains.Count; i++)
        {
            var entry = settings.Domains[i] ?? new HostedDomainSettings();
            var parsed = DomainName.TryParse(entry.Domain);
            var field = parsed.Value is { } d ? $"domains[{i}] ({d})" : $"domains[{i}]";
            var before = errors.Count;
            if (parsed.Value is { } name)
            {
                if (seen.TryGetValue(name, out var first))
                {
                    errors.Add(new Diagnostic(Severity.Error, $"{field}.domain", entry.Domain,
                        $"is already hosted as {first}: a domain has one policy (RFC 8461 §3.1 allows one record)", "RFC 8461 §3.1"));
                    continue;
                }

                seen[name] = field;
                if (provider is not null)
                {
                    errors.AddRange(provider.Check(name, "domain").Select(e => In(field, e)));
                    var label = HostingProvider.LabelFor(name);
                    if (labels.TryGetValue(label, out var other))
                    {
                        // Only a cut label can collide (40 bits of hash): refused rather than published twice.
                        errors.Add(new Diagnostic(Severity.Error, $"{field}.domain", name.Value,
                            $"its name in the provider's zone, {label}, is also {other}'s (two cut labels whose hashes collide)", "RFC 1035 §2.3.4"));
                    }

                    labels[label] = field;
                }
            }

            if (settings.Rua.Count == 0 && entry.Rua.Count == 0)
            {
                errors.Add(new Diagnostic(Severity.Error, $"{field}.rua", "",
                    "no TLS-RPT report URI: give the provider's rua, or this domain's; every delegated _smtp._tls needs one",
                    "RFC 8460 §3"));
            }

            DeploymentPlan? plan = null;
            try
            {
                plan = DeploymentPlan.Create(new PolicySettings
                {
                    Domain = entry.Domain,
                    Mx = entry.Mx,
                    Mode = entry.Mode,
                    MaxAge = entry.MaxAge,
                    Rua = entry.Rua.Count > 0 ? entry.Rua : providerRua is null ? [] : settings.Rua,
                    Retire = entry.Retire,
                });
            }
            catch (MtaStsException e)
            {
                // The provider's rua is not passed on when it is bad: its errors are reported once, above.
                errors.AddRange(e.Diagnostics.Select(x => In(field, x)));
            }

            if (plan is not null && provider is not null && errors.Count == before && plan.TlsRptRecord is not null)
            {
                var domainWarnings = plan.Warnings.Select(w => In(field, w)).ToArray();
                warnings.AddRange(domainWarnings);
                domains.Add(new HostedDomain(plan, provider.Delegate(plan.Domain), entry.Retire, entry.AllowUncoveredMx, field, domainWarnings));
            }
        }

        if (errors.Count > 0)
        {
            throw new MtaStsException(errors);
        }

        return new HostedPlan(provider!, domains, warnings);
    }

    /// <summary>
    /// The deploy-time check of each domain's mx patterns against its live MX records (<see cref="MxCoverage.Check"/>):
    /// one diagnostic per uncovered host, an error in enforce mode unless the domain allows it
    /// (<see cref="HostedDomainSettings.AllowUncoveredMx"/>). Domains missing from <paramref name="liveMx"/> are not checked.
    /// </summary>
    /// <param name="liveMx">Each domain's MX hosts as a sender resolves them (Mail.MtaSts.Verification's <c>MxLookup</c>).</param>
    public IReadOnlyList<Diagnostic> CheckMx(IReadOnlyDictionary<DomainName, MxHosts> liveMx) =>
        [.. Domains.Where(d => liveMx.ContainsKey(d.Domain))
            .SelectMany(d => MxCoverage.Check(d.Plan, liveMx[d.Domain].Names, d.AllowUncoveredMx).Select(x => In(d.Field, x)))];

    private static Diagnostic In(string field, Diagnostic diagnostic) => diagnostic with { Field = $"{field}.{diagnostic.Field}" };
}
