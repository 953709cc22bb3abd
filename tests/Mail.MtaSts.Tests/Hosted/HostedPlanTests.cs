using Mail.MtaSts.Hosted;

namespace Mail.MtaSts.Tests.Hosted;

public sealed class HostedPlanTests
{
    /// <summary>A provider with three customers on the mail services domains really use.</summary>
    private static HostedSettings Settings() => new()
    {
        Zone = "provider.example",
        Rua = ["https://reports.provider.example/tlsrpt"],
        Domains =
        [
            new() { Domain = "Example.COM.", Mx = ["*.mail.protection.outlook.com"], Mode = PolicyMode.Enforce },
            new() { Domain = "mail-corp.example", Mx = ["aspmx.l.google.com", "*.aspmx.l.google.com"], MaxAge = 86_400 },
            new() { Domain = "bücher.example", Mx = ["mx1.mail.ovh.net", "mx2.mail.ovh.net"], Rua = ["mailto:tls@bücher.example"] },
        ],
    };

    [Fact]
    public void Decides_bytes_id_provider_records_and_the_owners_three_cnames_for_each_domain()
    {
        var plan = HostedPlan.Create(Settings());

        var domain = plan.Domains[0];
        Assert.Equal("example.com", domain.Domain.Value);
        Assert.Equal("version: STSv1\nmode: enforce\nmx: *.mail.protection.outlook.com\nmax_age: 604800\n", domain.PolicyText);
        Assert.Equal(PolicyId.ForPolicy(domain.PolicyBytes), domain.PolicyId);
        Assert.Equal("https://mta-sts.example.com/.well-known/mta-sts.txt", domain.PolicyUrl.ToString());
        Assert.Equal(
            [
                new DnsTxtRecord("example-com._mta-sts.provider.example", $"v=STSv1; id={domain.PolicyId}", DeploymentPlan.PolicyRecordTtl),
                new DnsTxtRecord("example-com._smtp._tls.provider.example", "v=TLSRPTv1; rua=https://reports.provider.example/tlsrpt", DeploymentPlan.TlsRptRecordTtl),
            ],
            domain.Records);
        Assert.Equal(
            [
                new DnsCnameRecord("mta-sts.example.com", "mta-sts.provider.example", HostingProvider.DelegationTtl),
                new DnsCnameRecord("_mta-sts.example.com", "example-com._mta-sts.provider.example", HostingProvider.DelegationTtl),
                new DnsCnameRecord("_smtp._tls.example.com", "example-com._smtp._tls.provider.example", HostingProvider.DelegationTtl),
            ],
            domain.Delegation.Records);
        Assert.Equal(6, plan.Records.Count);
        Assert.Empty(plan.Warnings);
    }

    [Fact]
    public void A_domain_with_its_own_report_uri_publishes_it_and_an_internationalised_one_is_written_in_a_labels()
    {
        var domain = HostedPlan.Create(Settings()).Domains[2];

        Assert.Equal("xn--bcher-kva.example", domain.Domain.Value);
        Assert.Equal("xn----bcher--kva-example._smtp._tls.provider.example", domain.TlsRptRecord.Name);
        Assert.Equal("v=TLSRPTv1; rua=mailto:tls@xn--bcher-kva.example", domain.TlsRptRecord.Value);
    }

    [Fact]
    public void Changing_one_domains_mx_changes_only_that_domains_bytes_id_and_records()
    {
        var before = HostedPlan.Create(Settings());
        var changed = Settings();
        changed.Domains[1].Mx.Add("alt1.aspmx.l.google.com");

        var after = HostedPlan.Create(changed);

        for (var i = 0; i < before.Domains.Count; i++)
        {
            var same = i != 1;
            Assert.Equal(same, before.Domains[i].PolicyBytes.SequenceEqual(after.Domains[i].PolicyBytes));
            Assert.Equal(same, before.Domains[i].PolicyId == after.Domains[i].PolicyId);
            Assert.Equal(same, before.Domains[i].Records.SequenceEqual(after.Domains[i].Records));
            // The owner's CNAMEs never change with the policy (RFC 8461 §8.2).
            Assert.Equal(before.Domains[i].Delegation.Records, after.Domains[i].Delegation.Records);
        }
    }

    [Fact]
    public void Adding_removing_or_reordering_other_domains_leaves_a_domains_names_and_id_alone()
    {
        var before = HostedPlan.Create(Settings());
        var reordered = Settings();
        reordered.Domains = [reordered.Domains[2], new() { Domain = "new-customer.example", Mx = ["mx.new-customer.example"] }, reordered.Domains[0]];

        var after = HostedPlan.Create(reordered);

        foreach (var domain in after.Domains.Where(d => d.Domain.Value != "new-customer.example"))
        {
            var earlier = before.Find(domain.HostName)!;
            Assert.Equal(earlier.PolicyId, domain.PolicyId);
            Assert.Equal(earlier.Records, domain.Records);
            Assert.Equal(earlier.Delegation.Records, domain.Delegation.Records);
        }
    }

    [Fact]
    public void Retiring_a_domain_serves_mode_none_with_a_new_id_and_says_to_wait_the_old_max_age_before_deleting()
    {
        var live = HostedPlan.Create(Settings()).Domains[0];
        var settings = Settings();
        settings.Domains[0].Retire = true;

        var retiring = HostedPlan.Create(settings);

        var domain = retiring.Domains[0];
        Assert.True(domain.Retiring);
        Assert.Equal(PolicyMode.None, domain.Policy.Mode);
        Assert.Equal(DeploymentPlan.RetireMaxAge, domain.Policy.MaxAge);
        Assert.NotEqual(live.PolicyId, domain.PolicyId);
        // Still served and published until the wait is over (RFC 8461 §8.3).
        Assert.Same(domain, retiring.Find("mta-sts.example.com"));
        Assert.Equal(live.Delegation.Records, domain.Delegation.Records);
        var wait = domain.Steps[^1];
        Assert.Equal("wait-previous-max-age", wait.Name);
        Assert.Equal("RFC 8461 §8.3", wait.Section);
        Assert.Contains("delete example-com._mta-sts.provider.example", wait.Description);
        Assert.False(retiring.Domains[1].Retiring);
    }

    [Fact]
    public void The_policy_record_is_published_after_this_domains_bytes_are_served()
    {
        var names = HostedPlan.Create(Settings()).Domains[1].Steps.Select(s => s.Name).ToList();

        Assert.Equal(["owner-publishes-cnames", "publish-tlsrpt-record", "serve-policy-host", "serve-policy", "publish-policy-record"], names);
    }

    [Theory]
    [InlineData("mta-sts.EXAMPLE.com")]
    [InlineData("mta-sts.example.com.")]
    public void Find_answers_for_the_policy_host_in_any_case_and_with_a_trailing_dot(string host) =>
        Assert.Equal("example.com", HostedPlan.Create(Settings()).Find(host)?.Domain.Value);

    [Theory]
    [InlineData("example.com")]
    [InlineData("mta-sts.unknown.example")]
    [InlineData("mta-sts.provider.example")]
    public void Find_answers_null_for_a_host_it_does_not_serve(string host) =>
        Assert.Null(HostedPlan.Create(Settings()).Find(host));

    [Fact]
    public void A_domain_given_twice_in_any_spelling_is_refused_naming_both_entries()
    {
        var settings = Settings();
        settings.Domains.Add(new() { Domain = "EXAMPLE.com", Mx = ["mx.example.com"] });
        settings.Domains.Add(new() { Domain = "xn--bcher-kva.example.", Mx = ["mx.example.com"] });

        var e = Assert.Throws<MtaStsException>(() => HostedPlan.Create(settings));

        Assert.Equal(2, e.Diagnostics.Count);
        Assert.Equal("domains[3] (example.com).domain", e.Diagnostics[0].Field);
        Assert.Contains("already hosted as domains[0] (example.com)", e.Diagnostics[0].Rule);
        Assert.Equal("domains[4] (xn--bcher-kva.example).domain", e.Diagnostics[1].Field);
        Assert.Contains("domains[2]", e.Diagnostics[1].Rule);
    }

    [Theory]
    [InlineData("provider.example")]
    [InlineData("customer.provider.example")]
    [InlineData("MTA-STS.provider.example")]
    public void The_providers_own_zone_or_a_name_under_it_is_refused(string domain)
    {
        var settings = Settings();
        settings.Domains.Add(new() { Domain = domain, Mx = ["mx.provider.example"] });

        var e = Assert.Throws<MtaStsException>(() => HostedPlan.Create(settings));

        var error = Assert.Single(e.Diagnostics);
        Assert.StartsWith("domains[3] (", error.Field);
        Assert.Contains("provider's own zone", error.Rule);
        Assert.Contains("RFC 1034 §3.6.2", error.Section);
    }

    [Fact]
    public void A_domain_whose_policy_host_is_the_providers_policy_host_is_refused()
    {
        var settings = Settings();
        settings.PolicyHost = "mta-sts.hosting.example";
        settings.Domains.Add(new() { Domain = "hosting.example", Mx = ["mx.hosting.example"] });

        var error = Assert.Single(Assert.Throws<MtaStsException>(() => HostedPlan.Create(settings)).Diagnostics);

        Assert.Equal("domains[3] (hosting.example).domain", error.Field);
    }

    [Fact]
    public void A_policy_host_too_long_for_a_certificate_is_refused_naming_its_length()
    {
        // mta-sts. + 57 characters = 65 > 64, the longest Common Name (RFC 5280 Appendix A).
        var domain = new string('a', 49) + ".example";
        var settings = Settings();
        settings.Domains.Add(new() { Domain = domain, Mx = ["mx.example.net"] });

        var error = Assert.Single(Assert.Throws<MtaStsException>(() => HostedPlan.Create(settings)).Diagnostics);

        Assert.Equal($"domains[3] ({domain}).domain", error.Field);
        Assert.Contains("65 characters", error.Rule);
        Assert.Contains("RFC 5280", error.Section);
        settings.Domains[3].Domain = domain[1..];
        Assert.Equal(64, HostedPlan.Create(settings).Domains[3].HostName.Length);
    }

    [Fact]
    public void Every_bad_field_of_every_domain_is_named_at_once_before_anything_is_decided()
    {
        var e = Assert.Throws<MtaStsException>(() => HostedPlan.Create(new HostedSettings
        {
            Zone = "provider.example",
            Rua = ["ftp://reports.provider.example"],
            Domains =
            [
                new() { Domain = "ok.example", Mx = ["mx.ok.example"] },
                new() { Domain = "user@broken.example", Mx = ["mx.*.example"], Mode = PolicyMode.Enforce },
                new() { Domain = "enforced.example", Mode = PolicyMode.Enforce, MaxAge = 40_000_000 },
            ],
        }));

        var fields = e.Diagnostics.Select(d => d.Field).ToList();
        Assert.Contains("rua[0]", fields);
        Assert.Contains("domains[1].domain", fields);
        Assert.Contains("domains[1].mx[0]", fields);
        Assert.Contains("domains[2] (enforced.example).max_age", fields);
        Assert.Contains("domains[2] (enforced.example).mx", fields);
        Assert.DoesNotContain(fields, f => f.StartsWith("domains[0]", StringComparison.Ordinal));
        Assert.All(e.Diagnostics, d => Assert.StartsWith("RFC ", d.Section));
    }

    [Fact]
    public void A_domain_without_any_report_uri_is_refused()
    {
        var settings = Settings();
        settings.Rua = [];

        var e = Assert.Throws<MtaStsException>(() => HostedPlan.Create(settings));

        Assert.Equal(["domains[0] (example.com).rua", "domains[1] (mail-corp.example).rua"], e.Diagnostics.Select(d => d.Field));
        Assert.All(e.Diagnostics, d => Assert.Equal("RFC 8460 §3", d.Section));
    }

    [Fact]
    public void An_uncovered_live_mx_of_an_enforce_domain_is_an_error_naming_the_domain_unless_it_is_allowed()
    {
        var settings = Settings();
        settings.Domains[1].Mode = PolicyMode.Enforce;
        settings.Domains[1].AllowUncoveredMx = true;
        var plan = HostedPlan.Create(settings);
        var live = new Dictionary<DomainName, MxHosts>
        {
            [DomainName.Parse("example.com")] = MxHosts.FromExchanges(["example-com.mail.protection.outlook.com.", "mx.old-hoster.example."]),
            [DomainName.Parse("mail-corp.example")] = MxHosts.FromExchanges(["aspmx.l.google.com", "mail.mail-corp.example"]),
        };

        var diagnostics = plan.CheckMx(live);

        Assert.Equal(2, diagnostics.Count);
        Assert.Equal((Severity.Error, "domains[0] (example.com).mx", "mx.old-hoster.example"),
            (diagnostics[0].Severity, diagnostics[0].Field, diagnostics[0].Value));
        Assert.Equal((Severity.Warning, "domains[1] (mail-corp.example).mx", "mail.mail-corp.example"),
            (diagnostics[1].Severity, diagnostics[1].Field, diagnostics[1].Value));
    }

    [Fact]
    public void The_provider_zone_must_leave_room_for_the_longest_per_domain_name()
    {
        var zone = string.Join('.', Enumerable.Repeat(new string('z', 60), 3));

        var error = Assert.Single(Assert.Throws<MtaStsException>(() => HostedPlan.Create(new HostedSettings
        {
            Zone = zone,
            Rua = ["mailto:tlsrpt@provider.example"],
        })).Diagnostics);

        Assert.Equal("zone", error.Field);
        Assert.Equal("RFC 1035 §2.3.4", error.Section);
    }
}
