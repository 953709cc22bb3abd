namespace Mail.MtaSts.Verification;

/// <summary>
/// The <c>_smtp._tls.&lt;domain&gt;</c> TXT record (RFC 8460 §3), CNAMEs followed, judged by the core's
/// <see cref="TlsRptRecord"/>; a record left only at the draft-era name <c>_smtp-tlsrpt</c> is named.
/// </summary>
internal sealed class TlsRptChecks(VerificationContext context)
{
    private const string Rfc8460Record = "RFC 8460 §3";

    /// <summary>The checks, in the order they were made.</summary>
    internal List<Check> Checks { get; } = [];

    /// <summary>Looks up and judges the record; returns whether the domain has one a sender would consider.</summary>
    internal async Task<bool> RunAsync(string domain)
    {
        const CheckArea area = CheckArea.TlsRpt;
        var name = $"{TlsRptRecord.Label}.{domain}";
        var legacyName = "_smtp-tlsrpt." + domain;
        var txt = await context.Lookup(context.Dns.TxtAsync(name, context.Deadline));
        var via = CheckText.Via(name, txt.Canonical);

        if (txt.Error is not null)
        {
            Checks.Add(new Check(area, CheckIds.TlsRptRecord, CheckStatus.Fail, $"the lookup of {name} failed: {txt.Error}", Rfc8460Record,
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
            var legacy = (await context.Lookup(context.Dns.TxtAsync(legacyName, context.Deadline))).Records.Where(TlsRptRecord.StartsWithVersion).ToList();
            Checks.Add(legacy.Count > 0
                ? new Check(area, CheckIds.TlsRptRecord, CheckStatus.Warn,
                    $"{none}, only at the draft-era name {legacyName} (\"{ServedText.Printable(legacy[0], ServedText.Whole)}\"), where senders do not look",
                    Rfc8460Record, $"Publish the record at {name}")
                : new Check(area, CheckIds.TlsRptRecord, CheckStatus.Warn, $"{none}: no one will report failed TLS to you",
                    Rfc8460Record, $"Publish {name} TXT \"v=TLSRPTv1; rua=mailto:tlsrpt@{domain}\""));
            return false;
        }

        var selected = TlsRptRecord.Select(txt.Records);
        foreach (var error in selected.Errors)
        {
            Checks.Add(new Check(area, CheckIds.TlsRptRecord, CheckStatus.Fail, $"{name}{via} has {observed}: {CheckText.Describe(error)}", error.Section,
                $"Publish exactly one {name} TXT \"v=TLSRPTv1; rua=mailto:...\""));
        }

        foreach (var warning in selected.Warnings)
        {
            Checks.Add(new Check(area, CheckIds.TlsRptRecord, CheckStatus.Warn, $"{name}{via}: {CheckText.Describe(warning)}", warning.Section,
                "Follow the record syntax of " + warning.Section));
        }

        if (selected.IsValid && selected.Value is { } record)
        {
            Checks.Add(new Check(area, CheckIds.TlsRptRecord, CheckStatus.Pass, $"{name}{via}: {observed}", Rfc8460Record));
            Checks.Add(new Check(area, CheckIds.TlsRptRua, CheckStatus.Pass,
                $"reports go to {string.Join(", ", record.Rua.Select(u => u.OriginalString))}", Rfc8460Record));
        }

        return true;
    }
}
