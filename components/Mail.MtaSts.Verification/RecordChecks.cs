namespace Mail.MtaSts.Verification;

/// <summary>
/// The <c>_mta-sts.&lt;domain&gt;</c> TXT record as a sender reads it (RFC 8461 §3.1), CNAMEs followed, judged by the
/// core's <see cref="PolicyRecord"/>; and an STS record misplaced at the domain itself.
/// </summary>
internal sealed class RecordChecks(VerificationContext context)
{
    private const string Rfc8461Record = "RFC 8461 §3.1";

    /// <summary>The checks, in the order they were made.</summary>
    internal List<Check> Checks { get; } = [];

    /// <summary>Looks up and judges the record; returns it when a sender would take it.</summary>
    internal async Task<PolicyRecord?> RunAsync(string domain)
    {
        var name = $"{PolicyRecord.Label}.{domain}";
        var apexTask = context.Lookup(context.Dns.TxtAsync(domain, context.Deadline));
        var txt = await context.Lookup(context.Dns.TxtAsync(name, context.Deadline));
        var via = CheckText.Via(name, txt.Canonical);
        PolicyRecord? result = null;
        if (txt.Error is not null)
        {
            Checks.Add(new Check(CheckArea.Dns, CheckIds.DnsMtaStsRecord, CheckStatus.Fail, $"the lookup failed: {txt.Error}",
                Rfc8461Record, "Make the domain's DNS servers answer"));
        }
        else if (txt.Records.Count == 0)
        {
            Checks.Add(new Check(CheckArea.Dns, CheckIds.DnsMtaStsRecord, CheckStatus.Fail, $"no TXT record at {name}{via}",
                Rfc8461Record, $"Publish {name} TXT \"v=STSv1; id=<id>\""));
        }
        else
        {
            var selected = PolicyRecord.Select(txt.Records);
            var observed = string.Join(", ", txt.Records.Select(r => $"\"{ServedText.Printable(r, ServedText.Whole)}\""));
            if (selected.IsValid && selected.Value is not null)
            {
                result = selected.Value;
                Checks.Add(new Check(CheckArea.Dns, CheckIds.DnsMtaStsRecord, CheckStatus.Pass, $"{name}{via}: {observed}", Rfc8461Record));
            }
            else
            {
                foreach (var error in selected.Errors)
                {
                    Checks.Add(new Check(CheckArea.Dns, CheckIds.DnsMtaStsRecord, CheckStatus.Fail,
                        $"{name}{via} has {observed}: {CheckText.Describe(error)}", error.Section, $"Publish exactly one {name} TXT \"v=STSv1; id=<id>\""));
                }
            }

            foreach (var warning in selected.Warnings)
            {
                Checks.Add(new Check(CheckArea.Dns, CheckIds.DnsMtaStsRecord, CheckStatus.Warn, $"{name}{via}: {CheckText.Describe(warning)}", warning.Section,
                    "Follow the record syntax of " + warning.Section));
            }
        }

        // An STS record at the domain itself is a common slip: senders only look at _mta-sts (RFC 8461 §3.1).
        var apex = await apexTask;
        var misplaced = apex.Records.Where(PolicyRecord.StartsWithVersion).ToList();
        Checks.Add(apex.Error is not null
            ? new Check(CheckArea.Dns, CheckIds.DnsApexRecord, CheckStatus.Skip, $"the lookup of TXT {domain} failed: {apex.Error}", Rfc8461Record)
            : misplaced.Count == 0
            ? new Check(CheckArea.Dns, CheckIds.DnsApexRecord, CheckStatus.Pass, $"no STS record at {domain} itself", Rfc8461Record)
            : new Check(CheckArea.Dns, CheckIds.DnsApexRecord, CheckStatus.Warn,
                $"{domain} has \"{ServedText.Printable(misplaced[0], ServedText.Whole)}\", which senders ignore there", Rfc8461Record, $"Move the record to {name}"));
        return result;
    }
}
