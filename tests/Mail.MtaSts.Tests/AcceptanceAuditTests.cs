namespace Mail.MtaSts.Tests;

/// <summary>Gaps found by the acceptance audit of issue 2, each pinned by a test that failed before its fix.</summary>
public class AcceptanceAuditTests
{
    [Theory]
    [InlineData("mx1.example.com.", "mx1.example.com")]
    [InlineData("*.Mail.Example.COM.", "*.mail.example.com")]
    public void From_host_accepts_the_trailing_dot_dig_prints(string typed, string pattern) =>
        // `dig MX` prints absolute names; the built pattern drops the dot, the wire form must not have it (RFC 8461 §3.2).
        Assert.Equal(pattern, MxPattern.FromHost(typed).Value);

    [Fact]
    public void Parse_still_rejects_a_trailing_dot_on_the_wire() =>
        Assert.Equal("mx1.example.com.", Assert.Single(MxPattern.Parse("mx1.example.com.").Errors).Value);

    [Theory]
    [InlineData("192.0.2.1")]
    [InlineData("10.0.0.25.")]
    public void An_ip_address_is_not_a_mail_domain(string value)
    {
        var error = Assert.Single(DomainName.TryParse(value).Errors);
        Assert.Equal(("domain", value), (error.Field, error.Value));
        Assert.Contains("IP address", error.Rule);
        Assert.Contains("RFC 3696 §2", error.Rule);
    }

    [Fact]
    public void An_ip_address_is_not_an_mx_pattern_to_build()
    {
        var e = Assert.Throws<MtaStsException>(() => MxPattern.FromHost("192.0.2.25"));
        Assert.Contains("IP address", e.Message);
    }

    [Fact]
    public void A_repeated_rua_is_warned_about_not_taken_as_an_extension()
    {
        var result = TlsRptRecord.Parse("v=TLSRPTv1; rua=mailto:tls@example.com; rua=mailto:other@example.com");
        Assert.True(result.IsValid);
        Assert.Empty(result.Value!.Extensions);
        Assert.Equal("mailto:tls@example.com", Assert.Single(result.Value.Rua).OriginalString);
        var warning = Assert.Single(result.Warnings);
        Assert.Equal(("rua", "mailto:other@example.com", "RFC 8460 §3"), (warning.Field, warning.Value, warning.Section));
    }

    [Fact]
    public void Several_uris_in_one_rua_are_named_as_such()
    {
        var e = Assert.Throws<MtaStsException>(() => TlsRptRecord.FromUris(["mailto:a@example.com,https://r.example.com/v1"]));
        var error = Assert.Single(e.Diagnostics);
        Assert.Equal(("rua[0]", "mailto:a@example.com,https://r.example.com/v1"), (error.Field, error.Value));
        Assert.Contains("each report URI separately", error.Rule);
    }

    [Fact]
    public void A_bare_address_as_rua_suggests_mailto()
    {
        var error = Assert.Single(Assert.Throws<MtaStsException>(() => TlsRptRecord.FromUris(["tls@example.com"])).Diagnostics);
        Assert.Contains("mailto:tls@example.com", error.Rule);
    }

    [Theory]
    [InlineData("\"v=STSv1; id=abc123\"", "quotes")]
    [InlineData("v=stsv1; id=abc123", "case-sensitive")]
    [InlineData(" v=STSv1; id=abc123", "not with spaces")]
    public void A_near_miss_record_is_shown_with_why_it_does_not_count(string txt, string why)
    {
        var error = Assert.Single(PolicyRecord.Select(["v=spf1 -all", txt]).Errors);
        Assert.Equal(("record", txt, "RFC 8461 §3.1"), (error.Field, error.Value, error.Section));
        Assert.Contains(why, error.Rule);
    }

    [Fact]
    public void A_near_miss_tls_rpt_record_is_shown_too()
    {
        var error = Assert.Single(TlsRptRecord.Select(["\"v=TLSRPTv1; rua=mailto:tls@example.com\""]).Errors);
        Assert.Contains("quotes", error.Rule);
        Assert.Equal("RFC 8460 §3", error.Section);
    }

    [Theory]
    [InlineData("https://example.com/", "URL")]
    [InlineData("postmaster@example.com", "email address")]
    public void A_url_or_an_address_given_as_the_domain_is_named_as_such(string value, string what)
    {
        var error = Assert.Single(DomainName.TryParse(value).Errors);
        Assert.Equal(("domain", value), (error.Field, error.Value));
        Assert.Contains(what, error.Rule);
    }

    [Fact]
    public void Fields_may_come_in_any_order()
    {
        // RFC 8461 §3.2: sts-policy-record is a sequence of fields; the ABNF puts no field first.
        var result = Policy.Parse("max_age: 604800\nmx: mx1.example.com\nmode: enforce\nversion: STSv1\n");
        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        Assert.Equal(PolicyMode.Enforce, result.Value!.Mode);
    }

    [Fact]
    public void Mode_none_needs_no_mx() =>
        Assert.Empty(Policy.Parse("version: STSv1\nmode: none\nmax_age: 86400\n").Value!.Mx);

    [Theory]
    [InlineData("note: two words", true)]
    [InlineData("note:  x", true)]
    [InlineData("note: caf\u00e9", true)]
    [InlineData("note:", false)]
    [InlineData("note: a\tb", false)]
    [InlineData("a2345678901234567890123456789012: 1", true)]
    [InlineData("a23456789012345678901234567890123: 1", false)]
    [InlineData("_note: 1", false)]
    public void Extension_fields_follow_the_abnf(string line, bool valid) =>
        // RFC 8461 §3.2: sts-policy-ext-name and sts-policy-ext-value (spaces only inside, UTF-8 allowed).
        Assert.Equal(valid, Policy.Parse($"version: STSv1\nmode: testing\nmx: mx.example.com\nmax_age: 604800\n{line}\n").IsValid);

    [Fact]
    public void An_over_long_line_is_warned_about_with_its_line()
    {
        var result = Policy.Parse($"version: STSv1\nmode: testing\nmx: mx.example.com\nmax_age: 604800\nnote: {new string('x', 1200)}\n");
        Assert.True(result.IsValid);
        Assert.Contains(result.Warnings, w => w.Field == "line" && w.Line == 5 && w.Rule.Contains("1000"));
    }

    [Theory]
    [InlineData("v=STSv1; id=abcdefghijABCDEFGHIJ0123456789ab", true)]
    [InlineData("v=STSv1; id=abcdefghijABCDEFGHIJ0123456789abc", false)]
    [InlineData("v=STSv1;\tid=1", true)]
    [InlineData("v=STSv1 ;id=1", true)]
    [InlineData("v=STSv1; id=1; ext=a=b", false)]
    [InlineData("v=STSv1; id=1; ext=a b", false)]
    [InlineData("v=STSv1; id=\u00e91", false)]
    public void Policy_record_boundaries(string txt, bool valid) =>
        // RFC 8461 §3.1: id = 1*32(ALPHA / DIGIT); sts-sep = *WSP ";" *WSP; ext value excludes "=", ";" and SP.
        Assert.Equal(valid, PolicyRecord.Parse(txt).IsValid);

    [Fact]
    public void Tls_rpt_extensions_and_encoded_separators_are_kept()
    {
        var result = TlsRptRecord.Parse("v=TLSRPTv1; rua=mailto:tls%21rpt@example.com,https://r.example.com/a%2Cb; ext.v-1=x");
        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        Assert.Equal(2, result.Value!.Rua.Count);
        Assert.Equal(new KeyValuePair<string, string>("ext.v-1", "x"), Assert.Single(result.Value.Extensions));
    }

    [Fact]
    public void A_domain_too_long_for_its_record_names_is_refused()
    {
        // 250 characters is a valid name, but _smtp._tls.<domain> (261) and _mta-sts.<domain> (259) are not (RFC 1035 §2.3.4).
        var domain = string.Join('.', new string('a', 63), new string('b', 63), new string('c', 63), new string('d', 58));
        var e = Assert.Throws<MtaStsException>(() => DeploymentPlan.Create(new PolicySettings
        {
            Domain = domain,
            Mx = ["mx.example.com"],
            Rua = ["mailto:tls@example.com"],
        }));
        var error = Assert.Single(e.Diagnostics);
        Assert.Equal(("domain", domain), (error.Field, error.Value));
        Assert.Contains("_smtp._tls.", error.Rule);
        Assert.Contains("253", error.Rule);
        Assert.Equal("RFC 1035 §2.3.4", error.Section);
    }

    [Fact]
    public void A_policy_over_sixty_four_kib_is_not_planned()
    {
        var mx = Enumerable.Range(0, 3000).Select(i => $"mx{i}.mail-cluster.example.com").ToList();
        var e = Assert.Throws<MtaStsException>(() => DeploymentPlan.Create(new PolicySettings { Domain = "example.com", Mx = mx }));
        var error = Assert.Single(e.Diagnostics);
        Assert.Equal(("mx", "RFC 8461 §3.3"), (error.Field, error.Section));
        Assert.Contains("65536", error.Rule);
    }

    [Fact]
    public void Report_uris_with_international_domains_are_built_with_a_labels()
    {
        var record = TlsRptRecord.FromUris(["mailto:tls@Bücher.example", "https://bücher.example/tlsrpt"]);
        Assert.Equal("v=TLSRPTv1; rua=mailto:tls@xn--bcher-kva.example,https://xn--bcher-kva.example/tlsrpt", record.ToString());
    }

    [Fact]
    public void A_non_ascii_path_in_a_report_uri_is_still_named()
    {
        var error = Assert.Single(Assert.Throws<MtaStsException>(() => TlsRptRecord.FromUris(["https://r.example/bericht-ü"])).Diagnostics);
        Assert.Equal(("rua[0]", "https://r.example/bericht-ü"), (error.Field, error.Value));
    }

    [Fact]
    public void The_policy_host_given_as_the_domain_is_warned_about()
    {
        var plan = DeploymentPlan.Create(new PolicySettings { Domain = "mta-sts.example.com", Mx = ["mx.example.com"], Rua = ["mailto:tls@example.com"] });
        var warning = Assert.Single(plan.Warnings);
        Assert.Equal(("domain", "mta-sts.example.com", "RFC 8461 §3.3"), (warning.Field, warning.Value, warning.Section));
        Assert.Contains("example.com", warning.Rule);
    }

    [Fact]
    public void No_tls_rpt_record_is_not_called_a_policy()
    {
        var error = Assert.Single(TlsRptRecord.Select(["v=spf1 -all"]).Errors);
        Assert.DoesNotContain("policy", error.Rule);
        Assert.Contains("v=TLSRPTv1", error.Rule);
    }
}
