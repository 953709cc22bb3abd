using System.CommandLine;
using System.Text.Json;
using Mail.MtaSts.Hosting;
using Spectre.Console;

namespace Mail.MtaSts.Cli;

/// <summary><c>mta-sts plan</c>: what a deployment would publish, in order, without touching any cloud.</summary>
internal static class PlanCommand
{
    public static Command Create()
    {
        var domain = new Option<string>("--domain") { Description = "The mail domain, e.g. example.com (required unless --hosted)" };
        var mx = new Option<string[]>("--mx") { Description = "An MX host pattern to allow (repeat for each); *.example.com covers one label" };
        var mode = new Option<string>("--mode")
        {
            Description = "Policy mode",
            HelpName = "testing|enforce|none",
            DefaultValueFactory = _ => "testing",
        };
        mode.Validators.Add(result =>
        {
            // RFC 8461 §3.2: sts-policy-mode-value is %s"testing" / %s"enforce" / %s"none", case-sensitive.
            if (result.Tokens.Count > 0 && PolicyModes.FromWire(result.Tokens[0].Value) is null)
            {
                result.AddError($"--mode \"{result.Tokens[0].Value}\": the mode is one of testing, enforce or none " +
                    "(lower case) (RFC 8461 §3.2)");
            }
        });
        var maxAge = MaxAgeOption.Create();
        var rua = new Option<string[]>("--rua") { Description = "A TLS-RPT report URI, mailto: or https: (repeat for each)" };
        var json = new Option<bool>("--json") { Description = "Print JSON for pipelines" };
        var outDir = new Option<DirectoryInfo>("--out")
        {
            Description = "Also write the files to serve into this directory: .well-known/mta-sts.txt (the exact policy " +
                "bytes) and worker.js (a Cloudflare Worker serving them)",
        };
        var hostedBy = new Option<string>("--hosted-by")
        {
            Description = "The zone of the provider that hosts the domain's MTA-STS: print the three CNAMEs the owner publishes",
        };
        var policyHost = new Option<string>("--policy-host")
        {
            Description = "With --hosted-by: the provider's policy host (default mta-sts.<zone>)",
        };
        var hosted = new Option<string>("--hosted")
        {
            Description = "A provider file (JSON, docs/hosted.md): plan every domain it hosts; with --out, write the Worker, the " +
                "CloudFront Function, the bucket's objects and the records as zone files",
        };
        var command = new Command("plan", "Print the policy file, both TXT records, the policy host and the order of steps")
        {
            domain, mx, mode, maxAge, rua, json, outDir, hostedBy, policyHost, hosted,
        };
        command.SetAction(result =>
        {
            var error = result.InvocationConfiguration.Error;
            // The hosted forms take their policy from the provider: the options of a policy would be silently ignored.
            Option[] policyOptions = [mx, mode, maxAge, rua];
            Option? Given(IEnumerable<Option> options) => options.FirstOrDefault(o => result.GetResult(o) is { Implicit: false });
            string? Misuse()
            {
                if (result.GetValue(hosted) is not null)
                {
                    return Given([domain, hostedBy, policyHost, .. policyOptions]) is { } extra
                        ? $"{extra.Name} cannot be used with --hosted: the provider file gives every domain's settings"
                        : null;
                }

                if (result.GetValue(domain) is null)
                {
                    return "--domain is required (or --hosted FILE for a provider's domains)";
                }

                if (result.GetValue(hostedBy) is not null)
                {
                    return Given([outDir, .. policyOptions]) is { } extra
                        ? $"{extra.Name} cannot be used with --hosted-by: the provider decides the policy and serves it"
                        : null;
                }

                return Given([policyHost]) is not null ? "--policy-host needs --hosted-by" : null;
            }

            var misuse = Misuse();
            if (misuse is not null)
            {
                error.WriteLine($"mta-sts: {misuse}");
                return MtaStsCli.UsageError;
            }

            if (result.GetValue(hostedBy) is { } zone)
            {
                HostedPlanCommand.Owner(result.GetValue(domain)!, zone, result.GetValue(policyHost), result.GetValue(json),
                    result.InvocationConfiguration.Output);
                return 0;
            }

            if (result.GetValue(hosted) is { } file)
            {
                try
                {
                    if (HostedPlanCommand.Provider(ProviderFile.Read(file), result.GetValue(outDir), result.GetValue(json),
                        result.InvocationConfiguration.Output) is { } unwritable)
                    {
                        error.WriteLine($"mta-sts: --out \"{result.GetValue(outDir)}\": {unwritable}");
                        return MtaStsCli.UsageError;
                    }
                }
                catch (Verify.UsageException e)
                {
                    error.WriteLine($"mta-sts: {e.Message}");
                    return MtaStsCli.UsageError;
                }

                return 0;
            }

            var plan = Create(new PolicySettings
            {
                Domain = result.GetValue(domain)!,
                Mx = result.GetValue(mx) ?? [],
                Mode = PolicyModes.FromWire(result.GetValue(mode)!)!.Value,
                MaxAge = result.GetValue(maxAge),
                Rua = result.GetValue(rua) ?? [],
            });
            if (result.GetValue(outDir) is { } directory && Write(plan, directory) is { } problem)
            {
                error.WriteLine($"mta-sts: --out \"{directory}\": {problem}");
                return MtaStsCli.UsageError;
            }

            var output = result.InvocationConfiguration.Output;
            if (result.GetValue(json))
            {
                output.WriteLine(JsonSerializer.Serialize(PlanJson.From(plan), PlanJson.Options));
            }
            else
            {
                Render(plan, Terminal.For(output));
            }

            return 0;
        });
        return command;
    }

    /// <summary>The core's plan, its errors naming the command-line options rather than the settings' fields.</summary>
    private static DeploymentPlan Create(PolicySettings settings)
    {
        try
        {
            return DeploymentPlan.Create(settings);
        }
        catch (MtaStsException e)
        {
            throw new MtaStsException(e.Diagnostics.Select(Named).ToList());
        }
    }

    /// <summary>A diagnostic of the core with its field named as the command-line option the user typed.</summary>
    internal static Diagnostic Named(Diagnostic diagnostic) => diagnostic with
    {
        Field = diagnostic.Field.Split('[')[0] switch
        {
            "domain" => "--domain",
            "mx" => "--mx",
            "rua" => "--rua",
            "max_age" => "--max-age",
            "mode" => "--mode",
            _ => diagnostic.Field,
        },
    };

    /// <summary>Writes the files to serve, or says why they could not be written.</summary>
    private static string? Write(DeploymentPlan plan, DirectoryInfo directory)
    {
        var policy = Path.Combine(directory.FullName, DeploymentPlan.PolicyPath.TrimStart('/'));
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(policy)!);
            File.WriteAllBytes(policy, plan.PolicyBytes);
            File.WriteAllText(Path.Combine(directory.FullName, "worker.js"), WorkerScript.Render(plan));
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"cannot write the files to serve there: {e.Message}";
        }
    }

    private static void Render(DeploymentPlan plan, IAnsiConsole console)
    {
        console.MarkupLine($"[bold]MTA-STS plan for {plan.Domain}[/] (mode {plan.Policy.Mode.ToWire()}, max_age {plan.Policy.MaxAge} s)");
        console.WriteLine();
        var host = new Table().AddColumns("", "").HideHeaders().Border(TableBorder.None);
        host.AddRow("Policy host", plan.HostName);
        host.AddRow("Policy URL", plan.PolicyUrl.ToString());
        host.AddRow("Content-Type", plan.ContentType);
        host.AddRow("Cache-Control", plan.CacheControl);
        host.AddRow("Policy id", plan.PolicyId.Value);
        console.Write(host);
        console.WriteLine();
        console.MarkupLine($"[bold]Policy file[/] ({DeploymentPlan.PolicyPath}, {plan.PolicyBytes.Length} bytes):");
        console.Write(new Text(plan.PolicyText));
        console.WriteLine();
        var records = new Table().AddColumns("Name", "Type", "TTL", "Value");
        foreach (var record in plan.Records)
        {
            records.AddRow(Markup.Escape(record.Name), "TXT", record.Ttl.ToString(System.Globalization.CultureInfo.InvariantCulture), Markup.Escape(record.Value));
        }

        console.Write(records);
        console.MarkupLine("[bold]Steps[/], in this order:");
        for (var i = 0; i < plan.Steps.Count; i++)
        {
            console.MarkupLine($"  {i + 1}. {Markup.Escape(plan.Steps[i].Description)} [dim]({Markup.Escape(plan.Steps[i].Section)})[/]");
        }

        foreach (var warning in plan.Warnings.Select(Named))
        {
            console.MarkupLine($"[yellow]{Markup.Escape(warning.ToString())}[/]");
        }
    }
}
