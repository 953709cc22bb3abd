using System.Globalization;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Mail.MtaSts.Verification;

/// <summary>
/// The checks of one domain. Lookups, the policy fetch and the SMTP probes run concurrently; each gathers facts
/// into its own list of checks, which are judged against the core's rules once all facts are in. When the deadline
/// stops a step, that step reports what it was doing as a failed check and the others keep what they found.
/// </summary>
internal sealed class DomainVerification(
    DnsLookup dns, MxLookup mxLookup, VerificationSettings settings, X509ChainPolicy trust, CancellationToken deadline, CancellationToken caller)
{
    /// <summary>The most MX hosts probed; DNS may list more.</summary>
    internal const int MaxMxHosts = 10;

    private const string Rfc8461Record = "RFC 8461 §3.1";
    private const string Rfc8461Policy = "RFC 8461 §3.2";
    private const string Rfc8461Fetch = "RFC 8461 §3.3";
    private const string Rfc8461MxMatch = "RFC 8461 §4.1";
    private const string Rfc8461MxTls = "RFC 8461 §4.2";
    private const string Rfc8461Update = "RFC 8461 §8.1";
    private const string Rfc8460Record = "RFC 8460 §3";

    private PolicyFetch? fetch;
    private List<MxProbe> probes = [];

    internal async Task<VerificationReport> RunAsync(string input)
    {
        var parsed = DomainName.TryParse(input.Trim().TrimEnd('.'));
        if (!parsed.IsValid || parsed.Value is null)
        {
            var problems = string.Join("; ", parsed.Errors.Select(Describe));
            return new VerificationReport(input, [new Check(CheckArea.Dns, "dns.domain", CheckStatus.Fail,
                $"\"{input}\" is not a domain name: {problems}", parsed.Errors.FirstOrDefault()?.Section ?? "",
                "Give the mail domain, the part of an address after @")], null);
        }

        var domain = parsed.Value.Value;
        var record = new List<Check>();
        var hostDns = new List<Check>();
        var host = new List<Check>();
        var mx = new List<Check>();
        var tlsRpt = new List<Check>();

        var recordTask = Guard(record, CheckArea.Dns, "dns.deadline", () => $"looking up {PolicyRecord.Label}.{domain}",
            () => CheckRecordAsync(domain, record));
        var fetchTask = Guard(host, CheckArea.PolicyHost, "policy-host.deadline", () => fetch?.Phase ?? $"looking up {DeploymentPlan.HostLabel}.{domain}",
            () => FetchAsync(domain, hostDns, host));
        var probesTask = Guard(mx, CheckArea.Mx, "mx.deadline", () => "looking up the MX records of " + domain,
            () => ProbeMxAsync(domain, mx));
        var tlsRptTask = Guard(tlsRpt, CheckArea.TlsRpt, "tlsrpt.deadline", () => $"looking up {TlsRptRecord.Label}.{domain}",
            () => CheckTlsRptAsync(domain, tlsRpt));

        try
        {
            var policyRecord = await recordTask;
            var fetched = await fetchTask;
            var probed = await probesTask;
            await tlsRptTask;

            JudgeExpectation(policyRecord, fetched, record, host);
            var senderPolicy = policyRecord is not null && fetched?.Usable == true ? fetched.Policy : null;
            if (probed is not null)
            {
                JudgeMx(domain, fetched?.Policy, senderPolicy, probed, mx);
            }

            return new VerificationReport(input, [.. record, .. hostDns, .. host, .. mx, .. tlsRpt], senderPolicy);
        }
        finally
        {
            // The certificates captured in the handshakes are judged: release them now, not when the GC gets to them.
            fetch?.Tls.Dispose();
            foreach (var probe in probes)
            {
                probe.Smtp.Tls.Dispose();
            }
        }
    }

    private async Task<T?> Guard<T>(List<Check> sink, CheckArea area, string id, Func<string> phase, Func<Task<T?>> step)
    {
        try
        {
            return await step();
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !caller.IsCancellationRequested)
        {
            var seconds = settings.Timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
            sink.Add(new Check(area, id, CheckStatus.Fail, $"stopped by the {seconds} s deadline while {phase()}", "",
                "Find out why the server is slow or silent; a sender gives up on it too"));
            return default;
        }
    }

    private async Task<DnsAnswer<T>> Lookup<T>(Task<DnsAnswer<T>> lookup) => await lookup.WaitAsync(deadline);

    // ---- DNS: the _mta-sts record (RFC 8461 §3.1) ----

    private async Task<PolicyRecord?> CheckRecordAsync(string domain, List<Check> checks)
    {
        var name = $"{PolicyRecord.Label}.{domain}";
        var apexTask = Lookup(dns.TxtAsync(domain, deadline));
        var txt = await Lookup(dns.TxtAsync(name, deadline));
        var via = Via(name, txt.Canonical);
        PolicyRecord? result = null;
        if (txt.Error is not null)
        {
            checks.Add(new Check(CheckArea.Dns, "dns.mta-sts-record", CheckStatus.Fail, $"the lookup failed: {txt.Error}",
                Rfc8461Record, "Make the domain's DNS servers answer"));
        }
        else if (txt.Records.Count == 0)
        {
            checks.Add(new Check(CheckArea.Dns, "dns.mta-sts-record", CheckStatus.Fail, $"no TXT record at {name}{via}",
                Rfc8461Record, $"Publish {name} TXT \"v=STSv1; id=<id>\""));
        }
        else
        {
            var selected = PolicyRecord.Select(txt.Records);
            var observed = string.Join(", ", txt.Records.Select(r => $"\"{ServedText.Printable(r, ServedText.Whole)}\""));
            if (selected.IsValid && selected.Value is not null)
            {
                result = selected.Value;
                checks.Add(new Check(CheckArea.Dns, "dns.mta-sts-record", CheckStatus.Pass, $"{name}{via}: {observed}", Rfc8461Record));
            }
            else
            {
                foreach (var error in selected.Errors)
                {
                    checks.Add(new Check(CheckArea.Dns, "dns.mta-sts-record", CheckStatus.Fail,
                        $"{name}{via} has {observed}: {Describe(error)}", error.Section, $"Publish exactly one {name} TXT \"v=STSv1; id=<id>\""));
                }
            }

            foreach (var warning in selected.Warnings)
            {
                checks.Add(new Check(CheckArea.Dns, "dns.mta-sts-record", CheckStatus.Warn, $"{name}{via}: {Describe(warning)}", warning.Section,
                    "Follow the record syntax of " + warning.Section));
            }
        }

        // An STS record at the domain itself is a common slip: senders only look at _mta-sts (RFC 8461 §3.1).
        var apex = await apexTask;
        var misplaced = apex.Records.Where(PolicyRecord.StartsWithVersion).ToList();
        checks.Add(apex.Error is not null
            ? new Check(CheckArea.Dns, "dns.apex-record", CheckStatus.Skip, $"the lookup of TXT {domain} failed: {apex.Error}", Rfc8461Record)
            : misplaced.Count == 0
            ? new Check(CheckArea.Dns, "dns.apex-record", CheckStatus.Pass, $"no STS record at {domain} itself", Rfc8461Record)
            : new Check(CheckArea.Dns, "dns.apex-record", CheckStatus.Warn,
                $"{domain} has \"{ServedText.Printable(misplaced[0], ServedText.Whole)}\", which senders ignore there", Rfc8461Record, $"Move the record to {name}"));
        return result;
    }

    // ---- The policy host (RFC 8461 §3.2, §3.3) ----

    private async Task<FetchOutcome?> FetchAsync(string domain, List<Check> dnsChecks, List<Check> checks)
    {
        var host = $"{DeploymentPlan.HostLabel}.{domain}";
        var addresses = await Lookup(dns.AddressesAsync(host, deadline));
        if (addresses.Records.Count == 0)
        {
            var why = addresses.Error ?? "no A or AAAA record";
            dnsChecks.Add(new Check(CheckArea.Dns, "dns.policy-host", CheckStatus.Fail, $"{host} does not resolve: {why}", Rfc8461Fetch,
                $"Publish an address (or a CNAME to the host serving the policy) for {host}"));
            checks.Add(new Check(CheckArea.PolicyHost, "policy-host.fetch", CheckStatus.Skip, $"{host} has no address", Rfc8461Fetch));
            return null;
        }

        dnsChecks.Add(new Check(CheckArea.Dns, "dns.policy-host", CheckStatus.Pass,
            $"{host}{Via(host, addresses.Canonical)} resolves to {string.Join(", ", addresses.Records)}", Rfc8461Fetch));

        fetch = new PolicyFetch(trust);
        await fetch.RunAsync(host, addresses.Records, settings.HttpsPort, deadline);
        var outcome = new FetchOutcome();
        JudgeFetch(host, fetch, outcome, checks);
        return outcome;
    }

    private void JudgeFetch(string host, PolicyFetch fetch, FetchOutcome outcome, List<Check> checks)
    {
        const CheckArea area = CheckArea.PolicyHost;
        if (fetch.ConnectError is not null)
        {
            checks.Add(new Check(area, "policy-host.connect", CheckStatus.Fail, $"cannot connect to {host}: {fetch.ConnectError}",
                Rfc8461Fetch, $"Serve HTTPS on port {settings.HttpsPort} of {host}"));
            return;
        }

        if (fetch.TlsError is not null)
        {
            checks.Add(new Check(area, "policy-host.tls", CheckStatus.Fail,
                $"TLS handshake with {host} at {fetch.Endpoint} failed: {fetch.TlsError}{NotConnectedTo(fetch.Refused)}",
                Rfc8461Fetch, "Serve HTTPS with TLS 1.2 or later and a certificate for " + host));
            return;
        }

        checks.Add(new Check(area, "policy-host.tls", CheckStatus.Pass,
            $"{Name(fetch.Tls.Protocol)} with {host} at {fetch.Endpoint}{NotConnectedTo(fetch.Refused)}", Rfc8461Fetch));
        var certificate = CertificateChecks.Evaluate(area, "policy-host.certificate", host, fetch.Tls, trust, Rfc8461Fetch, CheckStatus.Fail).ToList();
        checks.AddRange(certificate.Select(c => c.Check));

        if (fetch.HttpError is not null || fetch.Status is not { } status)
        {
            checks.Add(new Check(area, "policy-host.http", CheckStatus.Fail, $"GET {DeploymentPlan.PolicyPath} failed: {fetch.HttpError}", Rfc8461Fetch,
                "Serve the policy over HTTP/1.1 at " + DeploymentPlan.PolicyPath));
            return;
        }

        // The fetch rules (status 200 only, text/plain, size) and the policy syntax are the core's (RFC 8461 §3.2, §3.3).
        var untrusted = certificate.Where(c => c.Refused).Select(c => c.Check.Message).FirstOrDefault();
        var evaluated = new PolicyResponse(status, fetch.ContentType, fetch.Body, untrusted).Evaluate();
        var url = $"https://{host}{DeploymentPlan.PolicyPath}";
        var problems = evaluated.Diagnostics.Where(d => d.Field != "certificate").ToList();

        var statusProblem = problems.FirstOrDefault(d => d.Field == "status");
        // RFC 9110 §10.2.2: Location is a URI-reference; one that is not is shown as sent, made printable.
        var redirect = fetch.Location switch
        {
            null => "",
            _ when fetch.LocationIsUri => $" redirect to {ServedText.Printable(fetch.Location)}",
            _ => $" redirect to \"{ServedText.Printable(fetch.Location)}\", which is not a valid URI (RFC 9110 §10.2.2)",
        };
        checks.Add(statusProblem is null
            ? new Check(area, "policy-host.status", CheckStatus.Pass, $"GET {url}: HTTP {status}", Rfc8461Fetch)
            : new Check(area, "policy-host.status", CheckStatus.Fail, $"GET {url}: HTTP {status}{redirect}; {statusProblem.Rule}",
                statusProblem.Section, $"Serve the policy itself at {url} with status 200"));

        if (status != 200)
        {
            // RFC 8461 §3.3: a sender reads a body only from a 200; the type and size of an error page or a redirect's
            // body are not the policy's, and judging them would point the owner away from the status.
            var type = fetch.ContentType is null ? "missing" : $"\"{ServedText.Printable(fetch.ContentType)}\"";
            checks.Add(new Check(area, "policy-host.content-type", CheckStatus.Skip,
                $"Content-Type {type} not judged: the answer was HTTP {status}, not a policy", Rfc8461Policy));
            checks.Add(new Check(area, "policy-host.policy", CheckStatus.Skip, $"not read: the answer was HTTP {status}", Rfc8461Fetch));
            return;
        }

        var typeProblem = problems.FirstOrDefault(d => d.Field == "Content-Type");
        checks.Add(typeProblem is null
            ? new Check(area, "policy-host.content-type", CheckStatus.Pass, $"Content-Type is \"{ServedText.Printable(fetch.ContentType!)}\"", Rfc8461Policy)
            : new Check(area, "policy-host.content-type", Status(typeProblem), $"Content-Type is {(fetch.ContentType is null ? "missing" : $"\"{ServedText.Printable(fetch.ContentType)}\"")}; {typeProblem.Rule}",
                typeProblem.Section, "Serve the policy as text/plain; charset=utf-8"));

        if (fetch.Body.Length > Policy.MaxSize)
        {
            var sizeProblem = problems.First(d => d.Field == "body");
            checks.Add(new Check(area, "policy-host.size", CheckStatus.Fail,
                $"the body is longer than {Policy.MaxSize} bytes; reading stopped there; {sizeProblem.Rule}", sizeProblem.Section, "Serve only the policy"));
            return;
        }

        checks.Add(new Check(area, "policy-host.size", CheckStatus.Pass, $"{fetch.Body.Length} bytes", Rfc8461Fetch));
        outcome.Body = fetch.Body;
        foreach (var problem in problems.Where(d => d.Field is not ("status" or "Content-Type")))
        {
            checks.Add(new Check(area, "policy-host.policy", Status(problem), Describe(problem), problem.Section, "Correct the policy file"));
        }

        // The policy itself is judged even when the fetch would be refused, so every problem shows at once.
        var parsed = Policy.Parse(fetch.Body);
        if (parsed.Value is { } policy)
        {
            outcome.Policy = policy;
            var mx = policy.Mx.Count == 0 ? "none" : string.Join(", ", policy.Mx.Select(m => m.Value));
            checks.Add(new Check(area, "policy-host.policy", CheckStatus.Pass,
                $"mode {policy.Mode.ToWire()}, max_age {policy.MaxAge} s, mx {mx}", Rfc8461Policy));
        }

        outcome.Usable = evaluated.Value is not null && !evaluated.Errors.Any();
    }

    /// <summary>A diagnostic without its section, which a <see cref="Check"/> carries separately.</summary>
    private static string Describe(Diagnostic diagnostic)
    {
        var value = ServedText.Printable(diagnostic.Value);
        var line = diagnostic.Line is { } number ? $"line {number}: " : "";
        // The field (an extension name) and the rule (quoting a label of an mx pattern) may hold served text too.
        return $"{line}{ServedText.Printable(diagnostic.Field, ServedText.Whole)} \"{value}\": {ServedText.Printable(diagnostic.Rule, ServedText.Whole)}";
    }

    private static CheckStatus Status(Diagnostic diagnostic) =>
        diagnostic.Severity == Severity.Error ? CheckStatus.Fail : CheckStatus.Warn;

    // ---- The expected deployment (RFC 8461 §8.1) ----

    private void JudgeExpectation(PolicyRecord? record, FetchOutcome? fetch, List<Check> dnsChecks, List<Check> hostChecks)
    {
        if (settings.ExpectedPolicy is not { } expected)
        {
            return;
        }

        var expectedId = PolicyId.ForPolicy(expected);
        // Both checks always appear with an expectation: a pipeline matching on their ids sees one not passed.
        if (record is null)
        {
            dnsChecks.Add(new Check(CheckArea.Dns, "dns.expected-id", CheckStatus.Skip,
                $"no valid _mta-sts record to compare with the deployed policy's id {expectedId.Value}", Rfc8461Update));
        }
        else
        {
            dnsChecks.Add(record.Id.Value == expectedId.Value
                ? new Check(CheckArea.Dns, "dns.expected-id", CheckStatus.Pass, $"the id is {expectedId.Value}, the deployed policy's", Rfc8461Update)
                : new Check(CheckArea.Dns, "dns.expected-id", CheckStatus.Fail,
                    $"the id is {record.Id.Value}, but the deployed policy's is {expectedId.Value}: senders keep a cached older policy",
                    Rfc8461Update, $"Publish _mta-sts TXT \"v=STSv1; id={expectedId.Value}\" once the new policy is served"));
        }

        if (fetch?.Body is not { } body)
        {
            hostChecks.Add(new Check(CheckArea.PolicyHost, "policy-host.expected-policy", CheckStatus.Skip,
                "no policy was served to compare with the deployed one", Rfc8461Update));
        }
        else
        {
            hostChecks.Add(body.AsSpan().SequenceEqual(expected)
                ? new Check(CheckArea.PolicyHost, "policy-host.expected-policy", CheckStatus.Pass,
                    $"the served policy is the deployed one ({body.Length} bytes)", Rfc8461Update)
                : new Check(CheckArea.PolicyHost, "policy-host.expected-policy", CheckStatus.Fail,
                    $"the served policy is not the deployed one: {FirstDifference(body, expected)}; its id would be {PolicyId.ForPolicy(body).Value}",
                    Rfc8461Update, "Wait for or purge the CDN cache, then publish the id of the served policy"));
        }
    }

    private static string FirstDifference(byte[] served, ReadOnlySpan<byte> expected)
    {
        var servedLines = Encoding.UTF8.GetString(served).Split('\n');
        var expectedLines = Encoding.UTF8.GetString(expected).Split('\n');
        for (var i = 0; i < Math.Max(servedLines.Length, expectedLines.Length); i++)
        {
            var s = i < servedLines.Length ? servedLines[i].TrimEnd('\r') : null;
            var e = i < expectedLines.Length ? expectedLines[i].TrimEnd('\r') : null;
            if (s != e)
            {
                return $"line {i + 1} is {Quote(s)}, expected {Quote(e)}";
            }
        }

        return "the line endings differ";
    }

    private static string Quote(string? line) => line is null ? "missing" : $"\"{ServedText.Printable(line)}\"";

    // ---- MX (RFC 8461 §4) ----

    private async Task<IReadOnlyList<MxProbe>?> ProbeMxAsync(string domain, List<Check> checks)
    {
        var (answer, mx) = await mxLookup.AnswerAsync(domain, deadline);
        if (answer.Error is not null)
        {
            checks.Add(new Check(CheckArea.Mx, "mx.records", CheckStatus.Fail, $"the MX lookup failed: {answer.Error}", Rfc8461MxMatch,
                "Make the domain's DNS servers answer"));
            return null;
        }

        // The root, a null MX's exchange (RFC 7505 §3), is shown as ".", not as an empty name.
        var listed = string.Join(", ", answer.Records.Select(r => $"{r.Preference} {(r.Exchange.Value.TrimEnd('.') is { Length: > 0 } n ? n : ".")}"));
        if (answer.Records.Count == 0)
        {
            checks.Add(new Check(CheckArea.Mx, "mx.records", CheckStatus.Warn, $"{domain} has no MX records", Rfc8461MxMatch,
                "Publish the MX records the policy's mx lines describe"));
            return null;
        }

        if (mx.IsNullMx)
        {
            checks.Add(new Check(CheckArea.Mx, "mx.records", CheckStatus.Info, $"{domain} has a null MX: it accepts no mail", "RFC 7505 §3"));
            return null;
        }

        var hosts = mx.Names;
        checks.Add(new Check(CheckArea.Mx, "mx.records", CheckStatus.Pass, $"MX {listed}", Rfc8461MxMatch));
        if (mx.HasMisplacedNullMx)
        {
            // RFC 7505 §3: a null MX must be the only MX record. The root is no host to connect to.
            checks.Add(new Check(CheckArea.Mx, "mx.records", CheckStatus.Warn,
                $"{domain} has a null MX (\".\") beside other MX records; a null MX must be the only one", "RFC 7505 §3",
                "Remove the null MX, or the other MX records if the domain accepts no mail"));
        }

        if (hosts.Count > MaxMxHosts)
        {
            checks.Add(new Check(CheckArea.Mx, "mx.records", CheckStatus.Info, $"only the first {MaxMxHosts} of {hosts.Count} MX hosts are checked", ""));
            hosts = [.. hosts.Take(MaxMxHosts)];
        }

        probes = [.. hosts.Select(h => new MxProbe(h, trust))];
        await Task.WhenAll(probes.Select(ProbeAsync));
        return probes;
    }

    private async Task ProbeAsync(MxProbe probe)
    {
        string? phase = "looking up the addresses of " + probe.Host;
        try
        {
            // TLSA (DANE, RFC 7672) is about the SMTP connection: looked up only when SMTP is checked.
            var tlsa = settings.CheckSmtp ? Lookup(dns.TlsaAsync($"_25._tcp.{probe.Host}", deadline)) : null;
            var addresses = await Lookup(dns.AddressesAsync(probe.Host, deadline));
            probe.Addresses = addresses.Records;
            probe.AddressError = addresses.Error;
            if (settings.CheckSmtp && addresses.Records.Count > 0)
            {
                phase = null;
                await probe.Smtp.RunAsync(probe.Host, addresses.Records, settings.SmtpPort, deadline);
            }

            phase = $"looking up _25._tcp.{probe.Host} TLSA";
            probe.Tlsa = tlsa is null ? null : await tlsa is { Error: null } answer ? answer.Records.Count : null;
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !caller.IsCancellationRequested)
        {
            probe.StoppedWhile = phase ?? probe.Smtp.Phase;
        }
    }

    private void JudgeMx(string domain, Policy? policy, Policy? senderPolicy, IReadOnlyList<MxProbe> probes, List<Check> checks)
    {
        const CheckArea area = CheckArea.Mx;
        // Under enforce a sender refuses an MX that fails; otherwise it delivers and (at most) reports (RFC 8461 §5).
        // The mx lines are judged against the served policy even when a sender would not get it.
        var problem = senderPolicy?.Mode == PolicyMode.Enforce ? CheckStatus.Fail : CheckStatus.Warn;
        var refused = new List<string>();
        var seconds = settings.Timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
        foreach (var probe in probes)
        {
            var host = probe.Host;
            var reasons = new List<string>();
            if (policy is not null && policy.ConstrainsMx)
            {
                if (policy.Covering(host) is not { } pattern)
                {
                    reasons.Add("not covered by the policy");
                    checks.Add(new Check(area, "mx.coverage", problem,
                        $"{host} matches no mx line of the policy ({string.Join(", ", policy.Mx.Select(m => m.Value))})", Rfc8461MxMatch,
                        $"Add \"mx: {host}\" to the policy (a \"*.\" pattern covers exactly one label)"));
                }
                else
                {
                    checks.Add(new Check(area, "mx.coverage", CheckStatus.Pass, $"{host} matches mx {pattern.Value}", Rfc8461MxMatch));
                }
            }

            // The deadline first: an address lookup it stopped found nothing, but that is no proof of no address.
            if (probe.StoppedWhile is not null)
            {
                reasons.Add("no answer in time");
                checks.Add(new Check(area, "mx.deadline", CheckStatus.Fail, $"{host}: stopped by the {seconds} s deadline while {probe.StoppedWhile}",
                    Rfc8461MxTls, "Find out why the MX is slow or silent; a sender gives up on it too"));
            }
            else if (probe.Addresses.Count == 0)
            {
                reasons.Add("no address");
                checks.Add(new Check(area, "mx.address", problem, $"{host} does not resolve: {probe.AddressError ?? "no A or AAAA record"}",
                    Rfc8461MxTls, $"Publish an address for {host}"));
            }
            else if (!settings.CheckSmtp)
            {
                checks.Add(new Check(area, "mx.starttls", CheckStatus.Skip, $"{host}: SMTP checks turned off", Rfc8461MxTls));
            }
            else if (!probe.Smtp.Secured)
            {
                var why = probe.Smtp.Error ?? "the EHLO reply does not list STARTTLS";
                reasons.Add(probe.Smtp.Endpoint is null ? "no connection" : "no STARTTLS");
                // No endpoint: the error lists each address tried and each not connected to.
                var at = probe.Smtp.Endpoint is { } endpoint ? $" at {endpoint}" : "";
                var notConnected = probe.Smtp.Endpoint is null ? "" : NotConnectedTo(probe.Smtp.Refused);
                checks.Add(new Check(area, "mx.starttls", problem, $"{host}{at}: {ServedText.Printable(why, ServedText.Whole)}{notConnected}", Rfc8461MxTls,
                    $"Offer STARTTLS with TLS 1.2 or later on port {settings.SmtpPort} of {host}"));
            }
            else
            {
                checks.Add(new Check(area, "mx.starttls", CheckStatus.Pass,
                    $"{host} at {probe.Smtp.Endpoint}: \"{ServedText.Printable(probe.Smtp.Banner!)}\", STARTTLS, {Name(probe.Smtp.Tls.Protocol)}{NotConnectedTo(probe.Smtp.Refused)}",
                    Rfc8461MxTls));
                foreach (var (check, refuses) in CertificateChecks.Evaluate(area, "mx.certificate", host, probe.Smtp.Tls, trust, Rfc8461MxTls, problem))
                {
                    checks.Add(check);
                    if (refuses)
                    {
                        reasons.Add(check.Id["mx.certificate.".Length..] switch
                        {
                            "name" => "certificate name",
                            "expiry" => "certificate expired",
                            _ => "certificate not trusted",
                        });
                    }
                }
            }

            if (probe.Tlsa is { } tlsa)
            {
                checks.Add(new Check(area, "mx.tlsa", CheckStatus.Info,
                    tlsa == 0 ? $"_25._tcp.{host} has no TLSA records" : $"_25._tcp.{host} has {tlsa} TLSA records (DANE)", "RFC 7672 §2"));
            }
            if (reasons.Count > 0)
            {
                refused.Add($"{host} ({string.Join(", ", reasons.Distinct())})");
            }
        }

        checks.Add(EnforceReady(domain, policy, senderPolicy, probes.Count, refused));
    }

    private Check EnforceReady(string domain, Policy? policy, Policy? senderPolicy, int hosts, List<string> refused)
    {
        const string id = "mx.enforce-ready";
        var scope = settings.CheckSmtp ? "" : " (mx coverage only: SMTP checks turned off)";
        if (policy is null)
        {
            return new Check(CheckArea.Mx, id, CheckStatus.Skip, "no valid policy to judge the MX hosts against", Rfc8461MxMatch);
        }

        if (!policy.ConstrainsMx)
        {
            // RFC 8461 §5, §8.3: mode none asks nothing of the MX hosts, and its mx lines (usually none) were not judged.
            return new Check(CheckArea.Mx, id, CheckStatus.Skip, "mode is none: the policy is being retired and senders apply no MX rules",
                "RFC 8461 §8.3");
        }

        if (refused.Count == 0)
        {
            return new Check(CheckArea.Mx, id, CheckStatus.Pass, $"under mode enforce senders would deliver to all {hosts} MX hosts{scope}", Rfc8461MxTls);
        }

        return senderPolicy?.Mode == PolicyMode.Enforce
            ? new Check(CheckArea.Mx, id, CheckStatus.Fail,
                $"mode is enforce and senders refuse to deliver to {string.Join("; ", refused)}{scope}", Rfc8461MxTls,
                "Fix those MX hosts, or set mode testing until they are fixed")
            : new Check(CheckArea.Mx, id, CheckStatus.Warn,
                $"not ready for enforce: senders would refuse {string.Join("; ", refused)} of {domain}{scope}", Rfc8461MxTls,
                "Fix those MX hosts before setting mode enforce");
    }

    // ---- TLS-RPT (RFC 8460 §3) ----

    private async Task<bool> CheckTlsRptAsync(string domain, List<Check> checks)
    {
        const CheckArea area = CheckArea.TlsRpt;
        var name = $"{TlsRptRecord.Label}.{domain}";
        var legacyName = "_smtp-tlsrpt." + domain;
        var txt = await Lookup(dns.TxtAsync(name, deadline));
        var via = Via(name, txt.Canonical);

        if (txt.Error is not null)
        {
            checks.Add(new Check(area, "tlsrpt.record", CheckStatus.Fail, $"the lookup of {name} failed: {txt.Error}", Rfc8460Record,
                "Make the domain's DNS servers answer"));
            return false;
        }

        // RFC 8460 §3: records that do not start with v=TLSRPTv1 are discarded (a wildcard TXT puts one at every name);
        // with none left the domain has no TLS-RPT, a warning, not a broken record.
        var observed = string.Join(", ", txt.Records.Select(r => $"\"{ServedText.Printable(r, ServedText.Whole)}\""));
        if (!txt.Records.Any(TlsRptRecord.StartsWithVersion))
        {
            var none = txt.Records.Count == 0 ? $"no TXT record at {name}" : $"no v=TLSRPTv1 record at {name}{via} (it has {observed})";
            // A draft of RFC 8460 used _smtp-tlsrpt; a record left only there reaches no sender.
            var legacy = (await Lookup(dns.TxtAsync(legacyName, deadline))).Records.Where(TlsRptRecord.StartsWithVersion).ToList();
            checks.Add(legacy.Count > 0
                ? new Check(area, "tlsrpt.record", CheckStatus.Warn,
                    $"{none}, only at the draft-era name {legacyName} (\"{ServedText.Printable(legacy[0], ServedText.Whole)}\"), where senders do not look",
                    Rfc8460Record, $"Publish the record at {name}")
                : new Check(area, "tlsrpt.record", CheckStatus.Warn, $"{none}: no one will report failed TLS to you",
                    Rfc8460Record, $"Publish {name} TXT \"v=TLSRPTv1; rua=mailto:tlsrpt@{domain}\""));
            return false;
        }

        var selected = TlsRptRecord.Select(txt.Records);
        foreach (var error in selected.Errors)
        {
            checks.Add(new Check(area, "tlsrpt.record", CheckStatus.Fail, $"{name}{via} has {observed}: {Describe(error)}", error.Section,
                $"Publish exactly one {name} TXT \"v=TLSRPTv1; rua=mailto:...\""));
        }

        foreach (var warning in selected.Warnings)
        {
            checks.Add(new Check(area, "tlsrpt.record", CheckStatus.Warn, $"{name}{via}: {Describe(warning)}", warning.Section,
                "Follow the record syntax of " + warning.Section));
        }

        if (selected.IsValid && selected.Value is { } record)
        {
            checks.Add(new Check(area, "tlsrpt.record", CheckStatus.Pass, $"{name}{via}: {observed}", Rfc8460Record));
            checks.Add(new Check(area, "tlsrpt.rua", CheckStatus.Pass,
                $"reports go to {string.Join(", ", record.Rua.Select(u => u.OriginalString))}", Rfc8460Record));
        }

        return true;
    }

    /// <summary>The addresses a connection left out (<see cref="Destination"/>), for the check that names the one it used.</summary>
    private static string NotConnectedTo(List<string> refused) => refused.Count == 0 ? "" : "; " + string.Join("; ", refused);

    private static string Via(string name, string canonical) =>
        string.Equals(name, canonical, StringComparison.OrdinalIgnoreCase) ? "" : $" (CNAME to {canonical})";

    private static string Name(SslProtocols protocol) => protocol switch
    {
        SslProtocols.Tls13 => "TLS 1.3",
        SslProtocols.Tls12 => "TLS 1.2",
        _ => protocol.ToString(),
    };

}
