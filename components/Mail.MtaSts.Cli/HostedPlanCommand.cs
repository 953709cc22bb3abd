using System.Globalization;
using System.Text.Json;
using Mail.MtaSts.Hosted;
using Mail.MtaSts.Hosting;
using Spectre.Console;

namespace Mail.MtaSts.Cli;

/// <summary>
/// The hosted forms of <c>mta-sts plan</c> (RFC 8461 §8.2): <c>--hosted-by</c> prints the three CNAMEs a domain's owner
/// publishes; <c>--hosted FILE</c> plans every domain of a provider and, with <c>--out</c>, writes what serves them.
/// </summary>
internal static class HostedPlanCommand
{
    /// <summary>The owner's view: the three records that delegate <paramref name="domain"/> to the provider.</summary>
    public static void Owner(string domain, string hostedBy, string? policyHost, bool json, TextWriter output)
    {
        var errors = new List<Diagnostic>();
        HostingProvider? provider = null;
        try
        {
            provider = HostingProvider.Create(hostedBy, policyHost);
        }
        catch (MtaStsException e)
        {
            errors.AddRange(e.Diagnostics);
        }

        var name = DomainName.TryParse(domain);
        errors.AddRange(name.Errors);
        Delegation? delegation = null;
        try
        {
            delegation = provider is not null && name.Value is { } parsed ? provider.DelegationFor(parsed) : null;
        }
        catch (MtaStsException e)
        {
            errors.AddRange(e.Diagnostics);
        }

        if (errors.Count > 0 || delegation is null)
        {
            throw new MtaStsException([.. errors.Select(Named)]);
        }

        if (json)
        {
            output.WriteLine(JsonSerializer.Serialize(HostedPlanJson.From(delegation, provider!), PlanJson.Options));
            return;
        }

        var console = Terminal.For(output);
        console.MarkupLine($"[bold]MTA-STS for {delegation.Domain} hosted by {provider!.Zone}[/]");
        console.WriteLine();
        console.WriteLine($"Publish these three records in the zone of {delegation.Domain}, once (RFC 8461 §8.2, RFC 8460 §3).");
        console.WriteLine($"{provider.Zone} then serves the policy at {delegation.PolicyHost.Target} with a certificate for " +
            $"{delegation.PolicyHost.Name} and rotates its id.");
        console.WriteLine("Each name must hold no other record: remove any TXT there first (RFC 1034 §3.6.2).");
        console.WriteLine();
        console.Write(Table(delegation.Records.Select(r => (r.Name, "CNAME", r.Ttl, r.Target))));
    }

    /// <summary>The provider's view: every domain of the provider file, and with <paramref name="outDir"/> the files that serve them.</summary>
    /// <returns>Why <paramref name="outDir"/> could not be written, or null.</returns>
    public static string? Provider(HostedSettings settings, DirectoryInfo? outDir, bool json, TextWriter output)
    {
        var plan = HostedPlan.Create(settings);
        if (outDir is not null && Write(plan, outDir) is { } problem)
        {
            return problem;
        }

        if (json)
        {
            output.WriteLine(JsonSerializer.Serialize(HostedPlanJson.From(plan), PlanJson.Options));
            return null;
        }

        var console = Terminal.For(output);
        console.MarkupLine($"[bold]Hosted MTA-STS: {plan.Domains.Count} domains behind {plan.Provider.PolicyHost}[/], " +
            $"records under {plan.Provider.Zone}");
        console.WriteLine();
        var domains = new Table().AddColumns("Domain", "Mode", "max_age", "Policy id", "Owner's CNAMEs point at");
        foreach (var d in plan.Domains)
        {
            domains.AddRow(
                Markup.Escape(d.Domain.Value),
                d.Retiring ? "none (retiring)" : d.Policy.Mode.ToWire(),
                d.Policy.MaxAge.ToString(CultureInfo.InvariantCulture),
                d.PolicyId.Value,
                Markup.Escape($"{d.Delegation.Label}.<_mta-sts|_smtp._tls>.{plan.Provider.Zone}"));
        }

        console.Write(domains);
        console.WriteLine($"{plan.Records.Count} TXT records in {plan.Provider.Zone}; each _mta-sts record only after its " +
            "domain's policy is served (RFC 8461 §8.1). --json lists every record and step; --out DIR writes them as zone files.");
        foreach (var warning in plan.Warnings)
        {
            console.MarkupLine($"[yellow]{Markup.Escape(warning.ToString())}[/]");
        }

        return null;
    }

    /// <summary>
    /// Writes the Worker, the CloudFront Function, the bucket's objects (keyed by Host) and the records as zone files;
    /// or says why not.
    /// </summary>
    private static string? Write(HostedPlan plan, DirectoryInfo directory)
    {
        try
        {
            Directory.CreateDirectory(directory.FullName);
            File.WriteAllText(Path.Combine(directory.FullName, "worker.js"), HostedWorkerScript.Render(plan));
            File.WriteAllText(Path.Combine(directory.FullName, "cloudfront-function.js"), CloudFrontFunction.Code);
            foreach (var domain in plan.Domains)
            {
                var file = Path.Combine(directory.FullName, "bucket", CloudFrontFunction.ObjectKeyFor(domain));
                Directory.CreateDirectory(Path.GetDirectoryName(file)!);
                File.WriteAllBytes(file, domain.PolicyBytes);
            }

            File.WriteAllText(Path.Combine(directory.FullName, "provider.zone"), ZoneFile.Lines(plan.Records.Select(ZoneFile.Line)));
            File.WriteAllText(Path.Combine(directory.FullName, "owners.zone"),
                ZoneFile.Lines(plan.Domains.SelectMany(d => d.Delegation.Records).Select(ZoneFile.Line)));
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"cannot write the files to serve there: {e.Message}";
        }
    }

    private static Table Table(IEnumerable<(string Name, string Type, int Ttl, string Value)> records)
    {
        var table = new Table().AddColumns("Name", "Type", "TTL", "Value");
        foreach (var (name, type, ttl, value) in records)
        {
            table.AddRow(Markup.Escape(name), type, ttl.ToString(CultureInfo.InvariantCulture), Markup.Escape(value));
        }

        return table;
    }

    /// <summary>A diagnostic of the core with its field named as the command-line option the user typed.</summary>
    private static Diagnostic Named(Diagnostic diagnostic) => diagnostic with
    {
        Field = diagnostic.Field switch
        {
            "zone" => "--hosted-by",
            "policyHost" => "--policy-host",
            "domain" => "--domain",
            _ => diagnostic.Field,
        },
    };
}
