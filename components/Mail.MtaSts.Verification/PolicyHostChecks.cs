namespace Mail.MtaSts.Verification;

/// <summary>
/// The policy host as a sender fetches from it (RFC 8461 §3.3): <c>mta-sts.&lt;domain&gt;</c> resolved, TLS with SNI,
/// its certificate, then the answer judged by the core's fetch rules (<see cref="PolicyResponse"/>) and the policy by
/// <see cref="Policy.Parse(ReadOnlySpan{byte})"/> (RFC 8461 §3.2).
/// </summary>
internal sealed class PolicyHostChecks(VerificationContext context)
{
    private const string Rfc8461Policy = "RFC 8461 §3.2";
    private const string Rfc8461Fetch = "RFC 8461 §3.3";

    /// <summary>Whether the policy host resolves: a DNS check, reported with the record's.</summary>
    internal List<Check> DnsChecks { get; } = [];

    /// <summary>The checks of the fetch, in the order they were made.</summary>
    internal List<Check> Checks { get; } = [];

    /// <summary>The fetch, once started: what it is doing (for the deadline) and its TLS session (to release).</summary>
    internal PolicyFetch? Fetch { get; private set; }

    /// <summary>Resolves the policy host and fetches the policy; <c>null</c> when the host has no address.</summary>
    internal async Task<FetchOutcome?> RunAsync(string domain)
    {
        var host = $"{DeploymentPlan.HostLabel}.{domain}";
        var addresses = await context.Lookup(context.Dns.AddressesAsync(host, context.Deadline));
        if (addresses.Records.Count == 0)
        {
            var why = addresses.Error ?? "no A or AAAA record";
            DnsChecks.Add(new Check(CheckArea.Dns, CheckIds.DnsPolicyHost, CheckStatus.Fail, $"{host} does not resolve: {why}", Rfc8461Fetch,
                $"Publish an address (or a CNAME to the host serving the policy) for {host}"));
            Checks.Add(new Check(CheckArea.PolicyHost, CheckIds.PolicyHostFetch, CheckStatus.Skip, $"{host} has no address", Rfc8461Fetch));
            return null;
        }

        DnsChecks.Add(new Check(CheckArea.Dns, CheckIds.DnsPolicyHost, CheckStatus.Pass,
            $"{host}{CheckText.Via(host, addresses.Canonical)} resolves to {string.Join(", ", addresses.Records)}", Rfc8461Fetch));

        Fetch = new PolicyFetch(context.Trust);
        await Fetch.RunAsync(host, addresses.Records, context.Settings.HttpsPort, context.Deadline);
        var outcome = new FetchOutcome();
        Judge(host, Fetch, outcome);
        return outcome;
    }

    private void Judge(string host, PolicyFetch fetch, FetchOutcome outcome)
    {
        const CheckArea area = CheckArea.PolicyHost;
        if (fetch.ConnectError is not null)
        {
            Checks.Add(new Check(area, CheckIds.PolicyHostConnect, CheckStatus.Fail, $"cannot connect to {host}: {fetch.ConnectError}",
                Rfc8461Fetch, $"Serve HTTPS on port {context.Settings.HttpsPort} of {host}"));
            return;
        }

        if (fetch.TlsError is not null)
        {
            Checks.Add(new Check(area, CheckIds.PolicyHostTls, CheckStatus.Fail,
                $"TLS handshake with {host} at {fetch.Endpoint} failed: {fetch.TlsError}{CheckText.NotConnectedTo(fetch.Refused)}",
                Rfc8461Fetch, "Serve HTTPS with TLS 1.2 or later and a certificate for " + host));
            return;
        }

        Checks.Add(new Check(area, CheckIds.PolicyHostTls, CheckStatus.Pass,
            $"{CheckText.Name(fetch.Tls.Protocol)} with {host} at {fetch.Endpoint}{CheckText.NotConnectedTo(fetch.Refused)}", Rfc8461Fetch));
        var certificate = CertificateChecks.Evaluate(area, host, fetch.Tls, context.Trust, Rfc8461Fetch, CheckStatus.Fail).ToList();
        Checks.AddRange(certificate.Select(c => c.Check));

        if (fetch.HttpError is not null || fetch.Status is not { } status)
        {
            Checks.Add(new Check(area, CheckIds.PolicyHostHttp, CheckStatus.Fail, $"GET {DeploymentPlan.PolicyPath} failed: {fetch.HttpError}", Rfc8461Fetch,
                "Serve the policy over HTTP/1.1 at " + DeploymentPlan.PolicyPath));
            return;
        }

        // The fetch rules (status 200 only, text/plain, size) and the policy syntax are the core's (RFC 8461 §3.2, §3.3).
        var untrusted = certificate.Where(c => c.Refusal is not null).Select(c => c.Check.Message).FirstOrDefault();
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
        Checks.Add(statusProblem is null
            ? new Check(area, CheckIds.PolicyHostStatus, CheckStatus.Pass, $"GET {url}: HTTP {status}", Rfc8461Fetch)
            : new Check(area, CheckIds.PolicyHostStatus, CheckStatus.Fail, $"GET {url}: HTTP {status}{redirect}; {statusProblem.Rule}",
                statusProblem.Section, $"Serve the policy itself at {url} with status 200"));

        if (status != 200)
        {
            // RFC 8461 §3.3: a sender reads a body only from a 200; the type and size of an error page or a redirect's
            // body are not the policy's, and judging them would point the owner away from the status.
            var type = fetch.ContentType is null ? "missing" : $"\"{ServedText.Printable(fetch.ContentType)}\"";
            Checks.Add(new Check(area, CheckIds.PolicyHostContentType, CheckStatus.Skip,
                $"Content-Type {type} not judged: the answer was HTTP {status}, not a policy", Rfc8461Policy));
            Checks.Add(new Check(area, CheckIds.PolicyHostPolicy, CheckStatus.Skip, $"not read: the answer was HTTP {status}", Rfc8461Fetch));
            return;
        }

        var typeProblem = problems.FirstOrDefault(d => d.Field == "Content-Type");
        Checks.Add(typeProblem is null
            ? new Check(area, CheckIds.PolicyHostContentType, CheckStatus.Pass, $"Content-Type is \"{ServedText.Printable(fetch.ContentType!)}\"", Rfc8461Policy)
            : new Check(area, CheckIds.PolicyHostContentType, CheckText.Status(typeProblem), $"Content-Type is {(fetch.ContentType is null ? "missing" : $"\"{ServedText.Printable(fetch.ContentType)}\"")}; {typeProblem.Rule}",
                typeProblem.Section, "Serve the policy as text/plain; charset=utf-8"));

        if (fetch.Body.Length > Policy.MaxSize)
        {
            var sizeProblem = problems.First(d => d.Field == "body");
            Checks.Add(new Check(area, CheckIds.PolicyHostSize, CheckStatus.Fail,
                $"the body is longer than {Policy.MaxSize} bytes; reading stopped there; {sizeProblem.Rule}", sizeProblem.Section, "Serve only the policy"));
            return;
        }

        Checks.Add(new Check(area, CheckIds.PolicyHostSize, CheckStatus.Pass, $"{fetch.Body.Length} bytes", Rfc8461Fetch));
        outcome.Body = fetch.Body;
        foreach (var problem in problems.Where(d => d.Field is not ("status" or "Content-Type")))
        {
            Checks.Add(new Check(area, CheckIds.PolicyHostPolicy, CheckText.Status(problem), CheckText.Describe(problem), problem.Section, "Correct the policy file"));
        }

        // The policy itself is judged even when the fetch would be refused, so every problem shows at once.
        var parsed = Policy.Parse(fetch.Body);
        if (parsed.Value is { } policy)
        {
            outcome.Policy = policy;
            var mx = policy.Mx.Count == 0 ? "none" : string.Join(", ", policy.Mx.Select(m => m.Value));
            Checks.Add(new Check(area, CheckIds.PolicyHostPolicy, CheckStatus.Pass,
                $"mode {policy.Mode.ToWire()}, max_age {policy.MaxAge} s, mx {mx}", Rfc8461Policy));
        }

        outcome.Usable = evaluated.Value is not null && !evaluated.Errors.Any();
    }
}
