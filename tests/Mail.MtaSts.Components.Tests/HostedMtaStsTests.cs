using System.Collections.Immutable;
using Mail.MtaSts.Components.Aws;
using Mail.MtaSts.Components.Cloudflare;
using Mail.MtaSts.Hosted;
using Mail.MtaSts.Hosting;
using Pulumi;
using static Mail.MtaSts.Components.Tests.TestDeployment;

namespace Mail.MtaSts.Components.Tests;

/// <summary>The provider's component: one serving stack for many domains (RFC 8461 §8.2), on both clouds.</summary>
public sealed class HostedMtaStsTests
{
    private const string ProviderZone = "mtasts-provider.example";

    public static TheoryData<string> Clouds => new() { "aws", "cloudflare" };

    [Theory]
    [MemberData(nameof(Clouds))]
    public async Task Adding_a_domain_adds_at_most_four_resources(string cloud)
    {
        var three = await DeployAsync(new RecordingMocks(), Hosted(cloud, 3));
        var four = await DeployAsync(new RecordingMocks(), Hosted(cloud, 4));
        var forty = await DeployAsync(new RecordingMocks(), Hosted(cloud, 40));

        var perDomain = four.Resources.Length - three.Resources.Length;
        Assert.InRange(perDomain, 1, 4);
        // Linear: the shared stack is created once, whatever the number of domains.
        Assert.Equal(three.Resources.Length + (37 * perDomain), forty.Resources.Length);
    }

    [Fact]
    public async Task On_cloudflare_one_worker_serves_every_domain_and_each_gets_a_custom_hostname_validated_over_http()
    {
        var mocks = new RecordingMocks();
        var args = Hosted("cloudflare", 3);

        await DeployAsync(mocks, args);

        var script = mocks.Single("cloudflare:index/workersScript:WorkersScript");
        Assert.Equal(HostedWorkerScript.Render(Plan(args)), script.String("content"));
        var hostnames = mocks.OfType("cloudflare:index/customHostname:CustomHostname");
        Assert.Equal(["mta-sts.customer1.example", "mta-sts.customer2.example", "mta-sts.customer3.example"],
            hostnames.Select(h => h.String("hostname")).Order());
        Assert.All(hostnames, h => Assert.Equal(("http", "dv"), ((string)h.Map("ssl")["method"], (string)h.Map("ssl")["type"])));
        var fallback = mocks.Single("cloudflare:index/customHostnameFallbackOrigin:CustomHostnameFallbackOrigin");
        Assert.Equal("mta-sts." + ProviderZone, fallback.String("origin"));
        Assert.Equal("*/.well-known/mta-sts.txt", mocks.Single("cloudflare:index/workersRoute:WorkersRoute").String("pattern"));
    }

    [Fact]
    public async Task On_cloudflare_a_domain_in_the_providers_account_gets_a_workers_custom_domain_instead()
    {
        var mocks = new RecordingMocks();
        var args = Hosted("cloudflare", 2);
        ((CloudflareHostedServing)args.Serving!).AccountZones["customer2.example"] = "7c5dae5552338874e5053f2534d2767a";

        await DeployAsync(mocks, args);

        var custom = mocks.Single("cloudflare:index/workersCustomDomain:WorkersCustomDomain");
        Assert.Equal(("mta-sts.customer2.example", "7c5dae5552338874e5053f2534d2767a"), (custom.String("hostname"), custom.String("zoneId")));
        Assert.Equal("mta-sts.customer1.example", mocks.Single("cloudflare:index/customHostname:CustomHostname").String("hostname"));
    }

    [Fact]
    public async Task On_aws_each_domain_is_a_tenant_with_a_managed_certificate_and_an_object_keyed_by_its_host()
    {
        var mocks = new RecordingMocks();
        var args = Hosted("aws", 3);
        var plan = Plan(args);

        await DeployAsync(mocks, args);

        mocks.Single("aws:cloudfront/multitenantDistribution:MultitenantDistribution");
        mocks.Single("aws:cloudfront/connectionGroup:ConnectionGroup");
        Assert.Equal(CloudFrontFunction.Code, mocks.Single("aws:cloudfront/function:Function").String("code"));
        foreach (var domain in plan.Domains)
        {
            var tenant = Assert.Single(mocks.OfType("aws:cloudfront/distributionTenant:DistributionTenant"),
                t => (string)t.Map("managedCertificateRequest")["primaryDomainName"] == domain.HostName);
            Assert.Equal("cloudfront", (string)tenant.Map("managedCertificateRequest")["validationTokenHost"]);
            var policy = Assert.Single(mocks.OfType("aws:s3/bucketObjectv2:BucketObjectv2"), o => o.String("key") == CloudFrontFunction.ObjectKeyFor(domain));
            Assert.Equal(domain.PolicyBytes, Convert.FromBase64String(policy.String("contentBase64")));
            Assert.Equal("text/plain", policy.String("contentType"));
        }

        // The policy host the owners' CNAMEs point at is a CNAME to the connection group's routing endpoint.
        var host = Assert.Single(mocks.OfType("aws:route53/record:Record"), r => r.String("name") == "mta-sts." + ProviderZone);
        Assert.Equal([CloudOutputs.ConnectionGroupEndpoint], host.Strings("records"));
    }

    [Theory]
    [MemberData(nameof(Clouds))]
    public async Task Each_domains_id_waits_on_what_serves_that_domains_bytes(string cloud)
    {
        var mocks = new RecordingMocks();
        // Held back: without the dependency a TXT record would register before its domain is served.
        mocks.Slow.UnionWith([
            "aws:cloudfront/distributionTenant:DistributionTenant", "aws:s3/bucketObjectv2:BucketObjectv2",
            "cloudflare:index/customHostname:CustomHostname", "cloudflare:index/workersScript:WorkersScript",
        ]);
        var args = Hosted(cloud, 3);

        await DeployAsync(mocks, args);

        foreach (var domain in Plan(args).Domains)
        {
            var record = Assert.Single(mocks.Registrations, r => Named(r, domain.MtaStsRecord.Name));
            var served = mocks.Registrations.Where(r => r.Name.StartsWith($"provider-{domain.Delegation.Label}-", StringComparison.Ordinal)
                && mocks.Slow.Contains(r.Type)).ToList();
            Assert.NotEmpty(served);
            Assert.All(served, s => Assert.True(s.Completed < record.Started, $"{s.Type} {s.Name} was not live before {domain.Domain}'s id"));
        }
    }

    [Theory]
    [MemberData(nameof(Clouds))]
    public async Task Changing_one_domains_mx_changes_only_that_domains_bytes_id_and_record(string cloud)
    {
        var before = new RecordingMocks();
        var after = new RecordingMocks();
        var first = await DeployAsync(before, Hosted(cloud, 5));
        var changed = Hosted(cloud, 5);
        changed.Domains[2].Mx = ["mx.customer3.example", "mx-backup.customer3.example"];
        var second = await DeployAsync(after, changed);

        var differing = after.Registrations
            .Where(r => before.Registrations.Single(b => b.Type == r.Type && b.Name == r.Name).Inputs is var old && !SameInputs(old, r.Inputs))
            .Select(r => r.Name).Order().ToList();
        // Cloudflare's one Worker holds every domain's bytes (one line of it changes, see HostedWorkerScriptTests).
        string[] expected = cloud == "aws"
            ? ["provider-customer3-example-mta-sts", "provider-customer3-example-policy"]
            : ["provider-customer3-example-mta-sts", "provider-worker"];
        Assert.Equal(expected, differing);
        var (old, updated) = (await ValueAsync(first.Component.Delegations), await ValueAsync(second.Component.Delegations));
        Assert.Equal(["customer3.example"], old.Where(d => d.Value["policyId"] != updated[d.Key]["policyId"]).Select(d => d.Key));
    }

    [Fact]
    public async Task The_outputs_give_each_owner_the_three_cnames_and_the_policy_and_a_readable_table()
    {
        var args = Hosted("cloudflare", 2);

        var (component, _) = await DeployAsync(new RecordingMocks(), args);

        var delegations = await ValueAsync(component.Delegations);
        var customer1 = delegations["customer1.example"];
        Assert.Equal("mta-sts.customer1.example", customer1["policyHost"]);
        Assert.Equal("mta-sts." + ProviderZone, customer1["policyHostTarget"]);
        Assert.Equal("_mta-sts.customer1.example", customer1["policyRecord"]);
        Assert.Equal($"customer1-example._mta-sts.{ProviderZone}", customer1["policyRecordTarget"]);
        Assert.Equal($"customer1-example._smtp._tls.{ProviderZone}", customer1["tlsRptRecordTarget"]);
        Assert.Equal("https://mta-sts.customer1.example/.well-known/mta-sts.txt", customer1["policyUrl"]);
        Assert.Equal(Plan(args).Domains[0].PolicyId.Value, customer1["policyId"]);
        var table = await ValueAsync(component.Table);
        Assert.Contains($"  _smtp._tls.customer2.example  CNAME  customer2-example._smtp._tls.{ProviderZone}\n", table);
        Assert.StartsWith($"customer1.example  mode testing  id {customer1["policyId"]}  https://mta-sts.customer1.example/.well-known/mta-sts.txt\n", table);
    }

    [Fact]
    public async Task A_retiring_domain_serves_mode_none_and_the_output_says_what_remains_to_do()
    {
        var args = Hosted("aws", 2);
        args.Domains[1].Retire = true;

        var (component, _) = await DeployAsync(new RecordingMocks(), args);

        var retiring = await ValueAsync(component.Retiring);
        var step = Assert.Single(retiring);
        Assert.Equal("customer2.example", step.Key);
        Assert.Contains("delete the three CNAMEs", step.Value);
        Assert.Equal("none", (await ValueAsync(component.Delegations))["customer2.example"]["mode"]);
    }

    [Theory]
    [MemberData(nameof(Clouds))]
    public async Task Bad_input_is_refused_naming_the_domain_before_anything_registers(string cloud)
    {
        var mocks = new RecordingMocks();
        var args = Hosted(cloud, 3);
        args.Domains[2].Domain = "Customer1.example";
        args.Domains.Add(new HostedDomainSettings { Domain = "mail." + ProviderZone, Mx = ["mx." + ProviderZone] });
        Exception? thrown = null;

        var resources = await Deployment.TestAsync(mocks, Options(preview: true), () =>
        {
            try
            {
                _ = new HostedMtaSts("provider", args, null, mxLookup: null);
            }
            catch (MtaStsException e)
            {
                thrown = e;
            }
        });

        var error = Assert.IsType<MtaStsException>(thrown);
        Assert.Contains(error.Diagnostics, d => d.Field == "domains[2] (customer1.example).domain" && d.Section == "RFC 8461 §3.1");
        Assert.Contains(error.Diagnostics, d => d.Field.StartsWith("domains[3] (mail." + ProviderZone + ")", StringComparison.Ordinal) && d.Section.Contains("RFC 1034 §3.6.2"));
        Assert.Empty(resources);
        Assert.Empty(mocks.Registrations);
    }

    [Fact]
    public async Task An_enforce_domain_whose_live_mx_is_uncovered_fails_the_update_naming_the_domain()
    {
        var mocks = new RecordingMocks();
        var args = Hosted("aws", 2);
        args.Domains[0].Mode = PolicyMode.Enforce;
        Exception? thrown = null;

        await Deployment.TestAsync(mocks, Options(preview: false), () =>
        {
            try
            {
                _ = new HostedMtaSts("provider", args, null, new FakeMxLookup("mx.customer1.example.", "mx.elsewhere.example."));
            }
            catch (MtaStsException e)
            {
                thrown = e;
            }
        });

        var error = Assert.IsType<MtaStsException>(thrown);
        var uncovered = Assert.Single(error.Diagnostics);
        Assert.StartsWith("domains[0] (customer1.example).", uncovered.Field);
        Assert.Equal("mx.elsewhere.example", uncovered.Value);
        Assert.Empty(mocks.Registrations);
    }

    [Theory]
    [MemberData(nameof(Clouds))]
    public async Task The_owners_component_publishes_the_three_cnames_from_the_providers_stack_output(string cloud)
    {
        var provider = await DeployAsync(new RecordingMocks(), Hosted(cloud, 2));
        var delegations = await ValueAsync(provider.Component.Delegations);
        // A StackReference gives the output back as untyped maps.
        object stackOutput = delegations.ToImmutableDictionary(d => d.Key, d => (object)d.Value.ToImmutableDictionary(v => v.Key, v => (object)v.Value));
        var mocks = new RecordingMocks();
        DnsZone zone = cloud == "aws" ? new Route53Zone { ZoneId = HostedZoneId } : new CloudflareZone { ZoneId = CloudflareZoneId };

        await Deployment.TestAsync(mocks, Options(preview: true), () =>
        {
            var args = MtaStsDelegationArgs.FromProvider("customer2.example", Output.Create<object?>(stackOutput), zone);
            args.CheckConflicts = false; // no DNS under mocks; the lookup is tested on a loopback server (DelegationLookupTests)
            _ = new MtaStsDelegation("delegation", args);
        });

        var expected = delegations["customer2.example"];
        var records = mocks.Registrations.Where(r => r.Type != MtaStsDelegation.TypeToken).ToList();
        Assert.Equal(3, records.Count);
        foreach (var (name, target) in new[] { ("policyHost", "policyHostTarget"), ("policyRecord", "policyRecordTarget"), ("tlsRptRecord", "tlsRptRecordTarget") })
        {
            var record = Assert.Single(records, r => r.String("name") == expected[name]);
            var value = cloud == "aws" ? Assert.Single(record.Strings("records")) : record.String("content");
            Assert.Equal(expected[target], value);
            Assert.Equal("CNAME", record.String("type"));
        }
    }

    [Fact]
    public async Task The_owners_component_refuses_missing_targets_naming_each_field()
    {
        Exception? thrown = null;
        var mocks = new RecordingMocks();

        await Deployment.TestAsync(mocks, Options(preview: true), () =>
        {
            try
            {
                _ = new MtaStsDelegation("delegation", new MtaStsDelegationArgs
                {
                    Domain = "customer1.example",
                    Zone = new Route53Zone { ZoneId = HostedZoneId },
                    PolicyHostTarget = "mta-sts." + ProviderZone,
                    CheckConflicts = false,
                });
            }
            catch (MtaStsException e)
            {
                thrown = e;
            }
        });

        var error = Assert.IsType<MtaStsException>(thrown);
        Assert.Equal(["PolicyRecordTarget", "TlsRptRecordTarget"], error.Diagnostics.Select(d => d.Field));
        Assert.Empty(mocks.Registrations);
    }

    internal static HostedMtaStsArgs Hosted(string cloud, int count) => new()
    {
        Zone = ProviderZone,
        Rua = ["mailto:tlsrpt@" + ProviderZone],
        Domains = [.. Enumerable.Range(1, count).Select(i => new HostedDomainSettings
        {
            Domain = $"customer{i}.example",
            Mx = [$"mx.customer{i}.example"],
        })],
        Serving = cloud == "aws"
            ? new AwsHostedServing { HostedZoneId = HostedZoneId }
            : new CloudflareHostedServing { AccountId = CloudflareAccountId, ZoneId = CloudflareZoneId },
        // The post-deploy verification reaches the real domains; under mocks there is nothing live to verify.
        Verification = { Enabled = false },
    };

    private static HostedPlan Plan(HostedMtaStsArgs args) => HostedPlan.Create(new HostedSettings
    {
        Zone = args.Zone,
        Rua = args.Rua,
        Domains = args.Domains,
    });

    private static async Task<(HostedMtaSts Component, ImmutableArray<Resource> Resources)> DeployAsync(RecordingMocks mocks, HostedMtaStsArgs args)
    {
        HostedMtaSts? component = null;
        var resources = await Deployment.TestAsync(mocks, Options(preview: true),
            () => { component = new HostedMtaSts("provider", args, null, mxLookup: null); });
        return (component!, resources);
    }

    private static bool Named(Registration registration, string name) =>
        registration.Inputs.TryGetValue("name", out var value) && value is string s && s == name;

    private static bool SameInputs(ImmutableDictionary<string, object> a, ImmutableDictionary<string, object> b) =>
        a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var v) && Render(v) == Render(kv.Value));

    private static string Render(object? value) => value switch
    {
        ImmutableDictionary<string, object> map => "{" + string.Join(",", map.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Key + ":" + Render(kv.Value))) + "}",
        ImmutableArray<object> list => "[" + string.Join(",", list.Select(Render)) + "]",
        _ => value?.ToString() ?? "null",
    };
}
