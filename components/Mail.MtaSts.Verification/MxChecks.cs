namespace Mail.MtaSts.Verification;

/// <summary>
/// The MX hosts as a sender meets them (RFC 8461 §4): the live MX records (<see cref="MxLookup"/>, RFC 7505's null MX by
/// <see cref="MxHosts"/>), then per host its addresses, STARTTLS with SNI, its certificate and TLSA records, judged
/// once the policy is known: coverage by the core's <see cref="Policy.Covering"/> (§4.1), and whether senders would
/// deliver under mode enforce (§5).
/// </summary>
internal sealed class MxChecks(VerificationContext context)
{
    /// <summary>The most MX hosts probed; DNS may list more.</summary>
    internal const int MaxMxHosts = 10;

    private const string Rfc8461MxMatch = "RFC 8461 §4.1";
    private const string Rfc8461MxTls = "RFC 8461 §4.2";

    /// <summary>The checks, in the order they were made.</summary>
    internal List<Check> Checks { get; } = [];

    /// <summary>The probes started, one per MX host (their TLS sessions are released by the caller).</summary>
    internal IReadOnlyList<MxProbe> Probes { get; private set; } = [];

    /// <summary>Looks up the MX records and probes each host; <c>null</c> when there is no host to judge.</summary>
    internal async Task<IReadOnlyList<MxProbe>?> ProbeAsync(string domain)
    {
        var (answer, mx) = await context.Mx.AnswerAsync(domain, context.Deadline);
        if (answer.Error is not null)
        {
            Checks.Add(new Check(CheckArea.Mx, CheckIds.MxRecords, CheckStatus.Fail, $"the MX lookup failed: {answer.Error}", Rfc8461MxMatch,
                "Make the domain's DNS servers answer"));
            return null;
        }

        // The root, a null MX's exchange (RFC 7505 §3), is shown as ".", not as an empty name.
        var listed = string.Join(", ", answer.Records.Select(r => $"{r.Preference} {(r.Exchange.Value.TrimEnd('.') is { Length: > 0 } n ? n : ".")}"));
        if (answer.Records.Count == 0)
        {
            Checks.Add(new Check(CheckArea.Mx, CheckIds.MxRecords, CheckStatus.Warn, $"{domain} has no MX records", Rfc8461MxMatch,
                "Publish the MX records the policy's mx lines describe"));
            return null;
        }

        if (mx.IsNullMx)
        {
            Checks.Add(new Check(CheckArea.Mx, CheckIds.MxRecords, CheckStatus.Info, $"{domain} has a null MX: it accepts no mail", "RFC 7505 §3"));
            return null;
        }

        var hosts = mx.Names;
        Checks.Add(new Check(CheckArea.Mx, CheckIds.MxRecords, CheckStatus.Pass, $"MX {listed}", Rfc8461MxMatch));
        if (mx.HasMisplacedNullMx)
        {
            // RFC 7505 §3: a null MX must be the only MX record. The root is no host to connect to.
            Checks.Add(new Check(CheckArea.Mx, CheckIds.MxRecords, CheckStatus.Warn,
                $"{domain} has a null MX (\".\") beside other MX records; a null MX must be the only one", "RFC 7505 §3",
                "Remove the null MX, or the other MX records if the domain accepts no mail"));
        }

        if (hosts.Count > MaxMxHosts)
        {
            Checks.Add(new Check(CheckArea.Mx, CheckIds.MxRecords, CheckStatus.Info, $"only the first {MaxMxHosts} of {hosts.Count} MX hosts are checked", ""));
            hosts = [.. hosts.Take(MaxMxHosts)];
        }

        Probes = [.. hosts.Select(h => new MxProbe(h, context.Trust))];
        await Task.WhenAll(Probes.Select(ProbeHostAsync));
        return Probes;
    }

    private async Task ProbeHostAsync(MxProbe probe)
    {
        string? phase = "looking up the addresses of " + probe.Host;
        try
        {
            // TLSA (DANE, RFC 7672) is about the SMTP connection: looked up only when SMTP is checked.
            var tlsa = context.Settings.CheckSmtp ? context.Lookup(context.Dns.TlsaAsync($"_25._tcp.{probe.Host}", context.Deadline)) : null;
            var addresses = await context.Lookup(context.Dns.AddressesAsync(probe.Host, context.Deadline));
            probe.Addresses = addresses.Records;
            probe.AddressError = addresses.Error;
            if (context.Settings.CheckSmtp && addresses.Records.Count > 0)
            {
                phase = null;
                await probe.Smtp.RunAsync(probe.Host, addresses.Records, context.Settings.SmtpPort, context.Deadline);
            }

            phase = $"looking up _25._tcp.{probe.Host} TLSA";
            probe.Tlsa = tlsa is null ? null : await tlsa is { Error: null } answer ? answer.Records.Count : null;
        }
        catch (OperationCanceledException) when (context.DeadlinePassed)
        {
            probe.StoppedWhile = phase ?? probe.Smtp.Phase;
        }
    }

    internal void Judge(string domain, Policy? policy, Policy? senderPolicy, IReadOnlyList<MxProbe> probes)
    {
        const CheckArea area = CheckArea.Mx;
        // Under enforce a sender refuses an MX that fails; otherwise it delivers and (at most) reports (RFC 8461 §5).
        // The mx lines are judged against the served policy even when a sender would not get it.
        var problem = senderPolicy?.Mode == PolicyMode.Enforce ? CheckStatus.Fail : CheckStatus.Warn;
        var refused = new List<string>();
        var seconds = context.DeadlineSeconds;
        foreach (var probe in probes)
        {
            var host = probe.Host;
            var reasons = new List<string>();
            if (policy is not null && policy.ConstrainsMx)
            {
                if (policy.Covering(host) is not { } pattern)
                {
                    reasons.Add("not covered by the policy");
                    Checks.Add(new Check(area, CheckIds.MxCoverage, problem,
                        $"{host} matches no mx line of the policy ({string.Join(", ", policy.Mx.Select(m => m.Value))})", Rfc8461MxMatch,
                        $"Add \"mx: {host}\" to the policy (a \"*.\" pattern covers exactly one label)"));
                }
                else
                {
                    Checks.Add(new Check(area, CheckIds.MxCoverage, CheckStatus.Pass, $"{host} matches mx {pattern.Value}", Rfc8461MxMatch));
                }
            }

            // The deadline first: an address lookup it stopped found nothing, but that is no proof of no address.
            if (probe.StoppedWhile is not null)
            {
                reasons.Add("no answer in time");
                Checks.Add(new Check(area, CheckIds.MxDeadline, CheckStatus.Fail, $"{host}: stopped by the {seconds} s deadline while {probe.StoppedWhile}",
                    Rfc8461MxTls, "Find out why the MX is slow or silent; a sender gives up on it too"));
            }
            else if (probe.Addresses.Count == 0)
            {
                reasons.Add("no address");
                Checks.Add(new Check(area, CheckIds.MxAddress, problem, $"{host} does not resolve: {probe.AddressError ?? "no A or AAAA record"}",
                    Rfc8461MxTls, $"Publish an address for {host}"));
            }
            else if (!context.Settings.CheckSmtp)
            {
                Checks.Add(new Check(area, CheckIds.MxStartTls, CheckStatus.Skip, $"{host}: SMTP checks turned off", Rfc8461MxTls));
            }
            else if (!probe.Smtp.Secured)
            {
                var why = probe.Smtp.Error ?? "the EHLO reply does not list STARTTLS";
                reasons.Add(probe.Smtp.Endpoint is null ? "no connection" : "no STARTTLS");
                // No endpoint: the error lists each address tried and each not connected to.
                var at = probe.Smtp.Endpoint is { } endpoint ? $" at {endpoint}" : "";
                var notConnected = probe.Smtp.Endpoint is null ? "" : CheckText.NotConnectedTo(probe.Smtp.Refused);
                Checks.Add(new Check(area, CheckIds.MxStartTls, problem, $"{host}{at}: {ServedText.Printable(why, ServedText.Whole)}{notConnected}", Rfc8461MxTls,
                    $"Offer STARTTLS with TLS 1.2 or later on port {context.Settings.SmtpPort} of {host}"));
            }
            else
            {
                Checks.Add(new Check(area, CheckIds.MxStartTls, CheckStatus.Pass,
                    $"{host} at {probe.Smtp.Endpoint}: \"{ServedText.Printable(probe.Smtp.Banner!)}\", STARTTLS, {CheckText.Name(probe.Smtp.Tls.Protocol)}{CheckText.NotConnectedTo(probe.Smtp.Refused)}",
                    Rfc8461MxTls));
                foreach (var (check, refusal) in CertificateChecks.Evaluate(area, host, probe.Smtp.Tls, context.Trust, Rfc8461MxTls, problem))
                {
                    Checks.Add(check);
                    if (refusal is not null)
                    {
                        reasons.Add(refusal);
                    }
                }
            }

            if (probe.Tlsa is { } tlsa)
            {
                Checks.Add(new Check(area, CheckIds.MxTlsa, CheckStatus.Info,
                    tlsa == 0 ? $"_25._tcp.{host} has no TLSA records" : $"_25._tcp.{host} has {tlsa} TLSA records (DANE)", "RFC 7672 §2"));
            }
            if (reasons.Count > 0)
            {
                refused.Add($"{host} ({string.Join(", ", reasons.Distinct())})");
            }
        }

        Checks.Add(EnforceReady(domain, policy, senderPolicy, probes.Count, refused));
    }

    private Check EnforceReady(string domain, Policy? policy, Policy? senderPolicy, int hosts, List<string> refused)
    {
        const string id = CheckIds.MxEnforceReady;
        var scope = context.Settings.CheckSmtp ? "" : " (mx coverage only: SMTP checks turned off)";
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
}
