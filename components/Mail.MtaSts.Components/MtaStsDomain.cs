using Mail.MtaSts.Verification;
using Pulumi;

namespace Mail.MtaSts.Components;

/// <summary>
/// MTA-STS (RFC 8461) and SMTP TLS Reporting (RFC 8460) for one mail domain: the policy host
/// <c>https://mta-sts.&lt;domain&gt;/.well-known/mta-sts.txt</c> on AWS or Cloudflare, the <c>_mta-sts</c> TXT record
/// whose id follows the served bytes, and the <c>_smtp._tls</c> TXT record. Every decision comes from the core's
/// <see cref="DeploymentPlan"/>; this component only maps it onto resources, in the order RFC 8461 §8.1 requires.
/// </summary>
public sealed class MtaStsDomain : ComponentResource
{
    /// <summary>The Pulumi type token of the component.</summary>
    public const string TypeToken = "mtasts:index:MtaStsDomain";

    /// <summary>
    /// Creates the component. Invalid arguments throw <see cref="MtaStsException"/> naming every bad field, value,
    /// rule and RFC section, before any resource is registered. In enforce mode an update (not a preview) also
    /// fails when a live MX host is not covered by the mx patterns, unless <see cref="MtaStsDomainArgs.AllowUncoveredMx"/>.
    /// An update fails too, leaving the <c>_mta-sts</c> record as it is, when the policy URL is not seen serving the new
    /// bytes in time (<see cref="MtaStsDomainArgs.PublicationGate"/>).
    /// </summary>
    /// <param name="name">The unique name of the component; child resources are named after it.</param>
    /// <param name="args">The policy, hosting and DNS settings.</param>
    /// <param name="options">Options for the component; its providers flow to the children.</param>
    public MtaStsDomain(string name, MtaStsDomainArgs args, ComponentResourceOptions? options = null)
        : this(name, args, options, mxLookup: null)
    {
    }

    /// <summary>
    /// The component with the live MX lookup and, when given, the publication gate replaced (tests, benchmarks); a null
    /// <paramref name="mxLookup"/> looks up through <see cref="MxLookup"/> with <see cref="VerificationArgs"/>' DNS server.
    /// </summary>
    internal MtaStsDomain(string name, MtaStsDomainArgs args, ComponentResourceOptions? options, IMxLookup? mxLookup, IPublicationGate? gate = null)
        : this(name, Decide(args, mxLookup, gate), options)
    {
    }

    // Decide runs before the base constructor, so bad arguments fail before the component or any child registers.
    private MtaStsDomain(string name, Decision decision, ComponentResourceOptions? options)
        : base(TypeToken, name, options)
    {
        var outputs = Deploy(this, name, decision);
        PolicyUrl = outputs.PolicyUrl;
        PolicyId = outputs.PolicyId;
        PolicyText = outputs.PolicyText;
        MtaStsRecord = outputs.MtaStsRecord;
        TlsRptRecord = outputs.TlsRptRecord;
        HostName = outputs.HostName;
        ReportEndpoint = outputs.ReportEndpoint;
        ReportBucket = outputs.ReportBucket;
        ReportsCommand = outputs.ReportsCommand;
        VerificationReport = outputs.VerificationReport;
        RegisterOutputs();
    }

    /// <summary>
    /// Creates the children of <paramref name="component"/> for a decision, in the order RFC 8461 §8.1 requires, and
    /// returns its outputs. Shared with the component the multi-language provider serves (Mail.MtaSts.Provider), so that
    /// both register the same resources.
    /// </summary>
    internal static Outputs Deploy(ComponentResource component, string name, Decision decision)
    {
        var plan = decision.Plan;
        foreach (var note in decision.Notes)
        {
            Log.Warn(note.ToString(), component);
        }

        var served = decision.Hosting.Serve(name, plan, decision.Zone, component);

        // RFC 8461 §8.1: publish the new id only once everything that serves the new policy is live and the policy URL
        // is seen serving it.
        var policyRecord = decision.Zone.Txt($"{name}-mta-sts", plan.MtaStsRecord, Gated(component, plan, served.Policy, decision.Gate),
            new CustomResourceOptions { Parent = component, DependsOn = served.Policy.ToArray() });
        if (plan.TlsRptRecord is { } tlsRpt)
        {
            // A report endpoint the record lists answers before the record is published (RFC 8460 §5.4).
            decision.Zone.Txt($"{name}-tlsrpt", tlsRpt,
                new CustomResourceOptions { Parent = component, DependsOn = (served.Reports?.Resources ?? []).ToArray() });
        }

        return new Outputs(
            PolicyUrl: Output.Create(plan.PolicyUrl.ToString()),
            PolicyId: Output.Create(plan.PolicyId.Value),
            PolicyText: Output.Create(plan.PolicyText),
            MtaStsRecord: Output.Create(plan.MtaStsRecord.Value),
            TlsRptRecord: Output.Create(plan.TlsRptRecord?.Value),
            HostName: Output.Create(plan.HostName),
            ReportEndpoint: Output.Create(plan.ReportEndpoint?.Uri.ToString()),
            ReportBucket: served.Reports?.Bucket.Apply(bucket => (string?)bucket) ?? Output.Create(default(string?)),
            ReportsCommand: served.Reports?.FetchCommand.Apply(command => (string?)command) ?? Output.Create(default(string?)),
            VerificationReport: Published(component, plan, policyRecord, decision.Verification));
    }

    /// <summary>The policy URL, <c>https://mta-sts.&lt;domain&gt;/.well-known/mta-sts.txt</c> (RFC 8461 §3.3).</summary>
    [Output("policyUrl")]
    public Output<string> PolicyUrl { get; private set; }

    /// <summary>The policy id, derived from the served bytes: it changes if and only if they change (RFC 8461 §3.1).</summary>
    [Output("policyId")]
    public Output<string> PolicyId { get; private set; }

    /// <summary>The policy exactly as served (RFC 8461 §3.2).</summary>
    [Output("policyText")]
    public Output<string> PolicyText { get; private set; }

    /// <summary>The text of the <c>_mta-sts</c> TXT record, <c>v=STSv1; id=...</c> (RFC 8461 §3.1).</summary>
    [Output("mtaStsRecord")]
    public Output<string> MtaStsRecord { get; private set; }

    /// <summary>The text of the <c>_smtp._tls</c> TXT record (RFC 8460 §3), or null when no report URI was given.</summary>
    [Output("tlsRptRecord")]
    public Output<string?> TlsRptRecord { get; private set; }

    /// <summary>The policy host, <c>mta-sts.&lt;domain&gt;</c>.</summary>
    [Output("hostName")]
    public Output<string> HostName { get; private set; }

    /// <summary>The report endpoint listed in the TLS-RPT record, <c>https://mta-sts.&lt;domain&gt;/tlsrpt</c>; null unless reports are collected.</summary>
    [Output("reportEndpoint")]
    public Output<string?> ReportEndpoint { get; private set; }

    /// <summary>The bucket the report endpoint stores reports in, under <c>reports/</c>; null unless reports are collected.</summary>
    [Output("reportBucket")]
    public Output<string?> ReportBucket { get; private set; }

    /// <summary>The shell command that fetches the stored reports and summarises them; null unless reports are collected.</summary>
    [Output("reportsCommand")]
    public Output<string?> ReportsCommand { get; private set; }

    /// <summary>
    /// The report of the post-deploy verification as JSON (schema <c>mta-sts-verify/1</c>, docs/verify-json.md);
    /// null in a preview or when verification is disabled.
    /// </summary>
    [Output("verificationReport")]
    public Output<string?> VerificationReport { get; private set; }

    /// <summary>
    /// The text of the <c>_mta-sts</c> record. In a preview, or with the gate off, the plan's text as it is: nothing is
    /// fetched. On an update, an output that resolves only after every resource serving the policy is created or updated
    /// and the gate then saw the policy URL serve exactly the plan's bytes (RFC 8461 §8.1); the record, which takes it as
    /// input, registers only then. When the gate does not see them, the output faults with what was served instead: the
    /// record is not registered, so the engine leaves it as it is, and the update fails.
    /// </summary>
    private static Output<string> Gated(Resource component, DeploymentPlan plan, IReadOnlyList<Resource> servedBy, IPublicationGate? gate)
    {
        var text = plan.MtaStsRecord.Value;
        if (Deployment.Instance.IsDryRun || gate is null)
        {
            if (!Deployment.Instance.IsDryRun)
            {
                Log.Warn($"PublicationGate.Enabled is false: TXT {plan.MtaStsRecord.Name} gets the id {plan.PolicyId} without "
                    + $"{plan.PolicyUrl} being seen to serve its policy (RFC 8461 §8.1)", component);
            }

            return Output.Create(text);
        }

        return Output.All(servedBy.Select(r => r.Urn)).Apply(async _ =>
        {
            Log.Info($"waiting for {plan.PolicyUrl} to serve the new policy (id {plan.PolicyId}) before publishing it", component);
            var (observed, message) = await gate.WaitAsync(plan, line => Log.Info(line, component));
            if (!observed)
            {
                throw new ResourceException($"{message}. TXT {plan.MtaStsRecord.Name} keeps its current id: senders must not see the id "
                    + $"{plan.PolicyId} before its policy is served, or they cache the other bytes under it for max_age (RFC 8461 §8.1). Find "
                    + "what serves them (a CDN cache, an edge or version not updated yet, a certificate not issued yet), then run the update again.",
                    component, hideStack: true);
            }

            Log.Info(message, component);
            return text;
        });
    }

    /// <summary>
    /// Runs once the <c>_mta-sts</c> record is published, on an update only, never in a preview: an <c>Apply</c> on the
    /// record's id resolves only after the record (the last step of the ordered plan, RFC 8461 §8.1) is created or
    /// updated. It verifies the live domain against the deployed bytes, retrying while DNS and caches propagate,
    /// and logs every failure and warning against the component (see docs/verify.md for why not a resource hook).
    /// </summary>
    private static Output<string?> Published(Resource component, DeploymentPlan plan, CustomResource policyRecord, VerificationArgs verification)
    {
        if (Deployment.Instance.IsDryRun || !verification.Enabled)
        {
            return Output.Create(default(string?));
        }

        var options = new VerificationOptions
        {
            DnsServer = verification.DnsServer,
            Timeout = verification.Timeout,
            ExpectedPolicy = plan.PolicyBytes,
            CheckSmtp = verification.CheckSmtp,
            Attempts = verification.Attempts,
            RetryDelay = verification.RetryDelay,
            MaxRetryDelay = verification.MaxRetryDelay,
        };
        options.TrustRoots.AddRange(verification.TrustRoots);
        return policyRecord.Id.Apply<string?>(async _ =>
        {
            Log.Info($"published TXT {plan.MtaStsRecord.Name} \"{plan.MtaStsRecord.Value}\"; verifying {plan.PolicyUrl}", component);
            var report = await new Verifier(options).VerifyWithRetryAsync(plan.Domain.Value, (failed, wait) => Log.Info(
                $"verification of {plan.Domain} has {failed.Checks.Count(c => c.Status == CheckStatus.Fail)} failing checks; " +
                $"DNS and caches may still propagate; retrying in {wait}", component));
            foreach (var check in report.Checks.Where(c => c.Status is CheckStatus.Fail or CheckStatus.Warn))
            {
                var line = $"{check.Id}: {check.Message} ({check.Section}){(check.Fix.Length > 0 ? $" fix: {check.Fix}" : "")}";
                if (check.Status == CheckStatus.Fail && verification.FailOnError)
                {
                    Log.Error(line, component);
                }
                else
                {
                    Log.Warn(line, component);
                }
            }

            return VerificationJson.Serialize([report]);
        });
    }

    /// <summary>
    /// Every decision for <paramref name="args"/>, made by the core before any resource registers; throws
    /// <see cref="MtaStsException"/> naming every bad argument. A null <paramref name="mxLookup"/> looks up the live MX
    /// records through <see cref="MxLookup"/>, a null <paramref name="gate"/> fetches the policy URL as senders do.
    /// </summary>
    internal static Decision Decide(MtaStsDomainArgs args, IMxLookup? mxLookup = null, IPublicationGate? gate = null)
    {
        var errors = new List<Diagnostic>();
        var hosting = args.Hosting;
        var zone = args.Dns ?? hosting?.DefaultZone;
        if (hosting is null)
        {
            errors.Add(new Diagnostic(Severity.Error, "Hosting", "",
                "choose where the policy host runs: AwsHosting or CloudflareHosting", "RFC 8461 §3.3"));
        }
        else if (zone is null)
        {
            errors.Add(new Diagnostic(Severity.Error, "Dns", "",
                "name the DNS zone of the domain: AwsHosting.HostedZoneId or Dns", "RFC 8461 §3.1"));
        }
        else if (hosting.Reject(zone) is { } rejected)
        {
            errors.Add(rejected);
        }

        // The gate's settings include the network settings the MX lookup uses: checked first.
        var publicationGate = Gate(args, errors);

        // The live MX records: the mx patterns when none are given, and the enforce guard on an update.
        var constrains = !args.Retire && args.Mode != PolicyMode.None;
        var update = !Deployment.Instance.IsDryRun;
        var domain = DomainName.TryParse(args.Domain, "Domain").Value;
        var liveMx = domain is not null && constrains && (args.MxHosts.Count == 0 || update) && !errors.Any(e => e.Field.StartsWith(Network, StringComparison.Ordinal))
            && (mxLookup ?? LiveMx(args.Verification, errors)) is { } lookup
            ? lookup.LookupAsync(domain).GetAwaiter().GetResult().Names
            : null;
        IEnumerable<string> mx = args.MxHosts.Count == 0 && liveMx is not null ? liveMx : args.MxHosts;
        if (args.MxHosts.Count == 0 && liveMx is not null)
        {
            Log.Info($"MxHosts is empty: the policy lists the live MX records of {domain}: {string.Join(", ", liveMx)}");
        }

        DeploymentPlan? plan = null;
        try
        {
            plan = DeploymentPlan.Create(new PolicySettings
            {
                Domain = args.Domain,
                Mx = [.. mx],
                Mode = args.Mode,
                MaxAge = args.MaxAge,
                Rua = [.. args.TlsRptReportUris],
                CollectReports = args.CollectTlsReports,
                Retire = args.Retire,
            });
        }
        catch (MtaStsException e)
        {
            errors.AddRange(e.Diagnostics);
        }

        if (plan is not null && hosting?.RejectHost(plan.HostName) is { } host)
        {
            errors.Add(host);
        }

        if (errors.Count > 0 || plan is null)
        {
            throw new MtaStsException(errors);
        }

        // The enforce guard (RFC 8461 §4.1, §5): an MX no pattern covers would be refused by enforcing senders.
        IReadOnlyList<Diagnostic> coverage = liveMx is not null && args.MxHosts.Count > 0
            ? MxCoverage.Check(plan, liveMx, args.AllowUncoveredMx)
            : [];
        if (coverage.Where(d => d.Severity == Severity.Error).ToArray() is { Length: > 0 } uncovered)
        {
            throw new MtaStsException(uncovered);
        }

        if (!update && constrains && args.MxHosts.Count > 0)
        {
            Log.Info($"preview: the live MX records of {domain} are checked against the mx patterns on update");
        }

        return new Decision(plan, hosting!, zone!, [.. plan.Warnings, .. coverage], args.Verification,
            publicationGate is null ? null : gate ?? new HttpsPublicationGate(publicationGate));
    }

    /// <summary>
    /// The live MX lookup through <see cref="VerificationArgs.DnsServer"/> (or the machine's name servers), or null with
    /// the reason in <paramref name="errors"/>: a setting that cannot work, or no DNS server at all on this machine (a
    /// network namespace or container whose only interface is lo and whose resolv.conf names none), said once here.
    /// </summary>
    private static DnsMxLookup? LiveMx(VerificationArgs network, List<Diagnostic> errors)
    {
        try
        {
            return new DnsMxLookup(new MxLookup(network.DnsServer, network.Timeout));
        }
        catch (MtaStsException e)
        {
            errors.AddRange(e.Diagnostics.Select(d => d with { Field = Network + d.Field }));
            return null;
        }
    }

    /// <summary>
    /// The publication gate the arguments configure, or null when it is off; its settings are checked in a preview too
    /// (nothing is looked up or fetched until the update), each bad one added to <paramref name="errors"/> under its
    /// argument's name.
    /// </summary>
    private static PublicationGate? Gate(MtaStsDomainArgs args, List<Diagnostic> errors)
    {
        var (settings, network) = (args.PublicationGate, args.Verification);
        if (!settings.Enabled)
        {
            return null;
        }

        var options = new PublicationGateOptions
        {
            DnsServer = network.DnsServer,
            Timeout = network.Timeout,
            ConsecutiveMatches = settings.ConsecutiveMatches,
            MaxWait = settings.MaxWait,
            RetryDelay = settings.RetryDelay,
            MaxRetryDelay = settings.MaxRetryDelay,
        };
        options.TrustRoots.AddRange(network.TrustRoots);
        try
        {
            return new PublicationGate(options);
        }
        catch (MtaStsException e)
        {
            // The network settings are the verification's arguments; the others the gate's own.
            errors.AddRange(e.Diagnostics.Select(d => d with
            {
                Field = (d.Field is nameof(VerificationArgs.DnsServer) or nameof(VerificationArgs.Timeout) ? Network : "PublicationGate.") + d.Field,
            }));
            return null;
        }
    }

    /// <summary>The prefix of the network settings' fields in errors: they are <see cref="MtaStsDomainArgs.Verification"/>'s.</summary>
    private const string Network = "Verification.";

    /// <summary>What <see cref="Decide"/> decided: the plan, where it is served and published, what is logged, checked and gated.</summary>
    internal sealed record Decision(
        DeploymentPlan Plan, PolicyHosting Hosting, DnsZone Zone, IReadOnlyList<Diagnostic> Notes, VerificationArgs Verification,
        IPublicationGate? Gate);

    /// <summary>The outputs of the component, as <see cref="Deploy"/> produces them.</summary>
    internal sealed record Outputs(
        Output<string> PolicyUrl, Output<string> PolicyId, Output<string> PolicyText, Output<string> MtaStsRecord,
        Output<string?> TlsRptRecord, Output<string> HostName, Output<string?> ReportEndpoint, Output<string?> ReportBucket,
        Output<string?> ReportsCommand, Output<string?> VerificationReport);
}
