namespace Mail.MtaSts.Verification;

/// <summary>
/// The checks of one domain, by area: the <c>_mta-sts</c> record (<see cref="RecordChecks"/>), the policy host
/// (<see cref="PolicyHostChecks"/>), the MX hosts (<see cref="MxChecks"/>) and the TLS-RPT record
/// (<see cref="TlsRptChecks"/>) gather their facts concurrently; what needs facts of several areas (the expected
/// deployment, <see cref="ExpectationChecks"/>; the MX hosts against the policy) is judged once all are in. When the
/// deadline stops an area, it reports what it was doing as a failed check and the others keep what they found.
/// </summary>
internal sealed class DomainVerification(VerificationContext context)
{
    internal async Task<VerificationReport> RunAsync(string input)
    {
        var parsed = DomainName.TryParse(input.Trim().TrimEnd('.'));
        if (!parsed.IsValid || parsed.Value is null)
        {
            var problems = string.Join("; ", parsed.Errors.Select(CheckText.Describe));
            return new VerificationReport(input, [new Check(CheckArea.Dns, CheckIds.DnsDomain, CheckStatus.Fail,
                $"\"{input}\" is not a domain name: {problems}", parsed.Errors.FirstOrDefault()?.Section ?? "",
                "Give the mail domain, the part of an address after @")], null);
        }

        var domain = parsed.Value.Value;
        var record = new RecordChecks(context);
        var host = new PolicyHostChecks(context);
        var mx = new MxChecks(context);
        var tlsRpt = new TlsRptChecks(context);

        var recordTask = Guard(record.Checks, CheckArea.Dns, CheckIds.DnsDeadline, () => $"looking up {PolicyRecord.Label}.{domain}",
            () => record.RunAsync(domain));
        var fetchTask = Guard(host.Checks, CheckArea.PolicyHost, CheckIds.PolicyHostDeadline,
            () => host.Fetch?.Phase ?? $"looking up {DeploymentPlan.HostLabel}.{domain}", () => host.RunAsync(domain));
        var probesTask = Guard(mx.Checks, CheckArea.Mx, CheckIds.MxDeadline, () => "looking up the MX records of " + domain,
            () => mx.ProbeAsync(domain));
        var tlsRptTask = Guard(tlsRpt.Checks, CheckArea.TlsRpt, CheckIds.TlsRptDeadline, () => $"looking up {TlsRptRecord.Label}.{domain}",
            () => tlsRpt.RunAsync(domain));

        try
        {
            var policyRecord = await recordTask;
            var fetched = await fetchTask;
            var probed = await probesTask;
            await tlsRptTask;

            ExpectationChecks.Judge(context.Settings.ExpectedPolicy, policyRecord, fetched, record.Checks, host.Checks);
            var senderPolicy = policyRecord is not null && fetched?.Usable == true ? fetched.Policy : null;
            if (probed is not null)
            {
                mx.Judge(domain, fetched?.Policy, senderPolicy, probed);
            }

            return new VerificationReport(input, [.. record.Checks, .. host.DnsChecks, .. host.Checks, .. mx.Checks, .. tlsRpt.Checks], senderPolicy);
        }
        finally
        {
            // The certificates captured in the handshakes are judged: release them now, not when the GC gets to them.
            host.Fetch?.Tls.Dispose();
            foreach (var probe in mx.Probes)
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
        catch (OperationCanceledException) when (context.DeadlinePassed)
        {
            sink.Add(new Check(area, id, CheckStatus.Fail, $"stopped by the {context.DeadlineSeconds} s deadline while {phase()}", "",
                "Find out why the server is slow or silent; a sender gives up on it too"));
            return default;
        }
    }
}
