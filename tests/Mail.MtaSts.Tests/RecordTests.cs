namespace Mail.MtaSts.Tests;

public class RecordTests
{
    [Fact]
    public void Policy_record_renders_and_parses_back()
    {
        var id = PolicyId.Parse("20240101T000000").Value!;
        var record = new PolicyRecord(id, [new("ext", "1")]);
        Assert.Equal("v=STSv1; id=20240101T000000; ext=1", record.ToString());
        var parsed = PolicyRecord.Parse(record.ToString()).Value!;
        Assert.Equal(id, parsed.Id);
        Assert.Equal(record.Extensions, parsed.Extensions);
    }

    [Fact]
    public void More_than_one_sts_record_means_no_policy()
    {
        var result = PolicyRecord.Select(["v=STSv1; id=a", "v=STSv1; id=b", "google-site-verification=x"]);
        Assert.False(result.IsValid);
        Assert.Contains("2 TXT records", Assert.Single(result.Errors).Rule);
    }

    [Fact]
    public void Other_records_at_the_name_are_discarded()
    {
        var result = PolicyRecord.Select(["spf-ish text", "v=STSv1; id=abc123"]);
        Assert.Equal("abc123", result.Value!.Id.Value);
    }

    [Fact]
    public void Missing_id_is_named()
    {
        var error = Assert.Single(PolicyRecord.Parse("v=STSv1; ext=1").Errors);
        Assert.Equal(("id", "RFC 8461 §3.1"), (error.Field, error.Section));
    }

    [Fact]
    public void Tls_rpt_record_encodes_separators_inside_uris()
    {
        var record = TlsRptRecord.FromUris(["mailto:tls,rpt@example.com", "https://reports.example.com/v1;x"]);
        Assert.Equal("v=TLSRPTv1; rua=mailto:tls%2Crpt@example.com,https://reports.example.com/v1%3Bx", record.ToString());
        var parsed = TlsRptRecord.Parse(record.ToString()).Value!;
        Assert.Equal(2, parsed.Rua.Count);
    }

    [Theory]
    [InlineData("v=TLSRPTv1; rua=mailto:tlsrpt@example.com", true)]
    [InlineData("v=TLSRPTv1;rua=mailto:a@example.com , https://r.example.com/x", true)]
    [InlineData("v=TLSRPTv1; rua=http://r.example.com/", false)]
    [InlineData("v=TLSRPTv1; rua=ftp://r.example.com/", false)]
    [InlineData("v=TLSRPTv1; rua=mailto:nobody", false)]
    [InlineData("v=TLSRPTv1", false)]
    [InlineData("v=TLSRPTv1; ext=1", false)]
    [InlineData("v=TLSRPTv2; rua=mailto:a@example.com", false)]
    [InlineData("v=TLSRPTv1; rua=mailto:a!b@example.com", false)]
    [InlineData("v=TLSRPTv1; rua=mailto:\"tlsrpt\"@example.com", false)]
    [InlineData("v=TLSRPTv1; rua=https://reports.example.com/a\\b", false)]
    [InlineData("v=TLSRPTv1; rua=mailto:tls%22rpt@example.com", true)]
    public void Tls_rpt_record_follows_the_abnf(string txt, bool valid) =>
        Assert.Equal(valid, TlsRptRecord.Parse(txt).IsValid);

    [Fact]
    public void Tls_rpt_needs_exactly_one_record()
    {
        Assert.False(TlsRptRecord.Select(["v=TLSRPTv1; rua=mailto:a@example.com", "v=TLSRPTv1; rua=mailto:b@example.com"]).IsValid);
        Assert.False(TlsRptRecord.Select(["v=spf1 -all"]).IsValid);
        Assert.True(TlsRptRecord.Select(["v=spf1 -all", "v=TLSRPTv1; rua=mailto:b@example.com"]).IsValid);
    }

    [Fact]
    public void Long_records_split_into_strings_of_255()
    {
        var record = new DnsTxtRecord("_smtp._tls.example.com", "v=TLSRPTv1; rua=" + new string('a', 600), 3600);
        Assert.Equal([255, 255, 106], record.Strings.Select(s => s.Length));
        Assert.Equal(record.Value, string.Concat(record.Strings));
    }

    [Theory]
    [InlineData("v=TLSRPTv1; rua=mailto:a@example.com", true)]
    [InlineData("v=TLSRPTv1 ; rua=mailto:a@example.com", true)]
    [InlineData("v=TLSRPTv1", true)]
    [InlineData("v=TLSRPTv10; rua=mailto:a@example.com", false)]
    [InlineData("v=tlsrptv1; rua=mailto:a@example.com", false)]
    public void A_tls_rpt_record_is_one_that_starts_with_the_whole_version_field(string txt, bool isRecord)
    {
        // RFC 8460 §3: records that do not start with the version are discarded, before any syntax is judged. What the
        // verifier counts as a record must be what Select keeps: v=TLSRPTv10 is some other record, not a broken one.
        Assert.Equal(isRecord, TlsRptRecord.StartsWithVersion(txt));
        Assert.Equal(isRecord, !Discarded(TlsRptRecord.Select([txt]).Errors));
    }

    [Theory]
    [InlineData("v=STSv1; id=1", true)]
    [InlineData("v=STSv1", true)]
    [InlineData("v=STSv10; id=1", false)]
    [InlineData("v=STSv1x; id=1", false)]
    public void An_sts_record_is_one_that_starts_with_the_whole_version_field(string txt, bool isRecord)
    {
        Assert.Equal(isRecord, PolicyRecord.StartsWithVersion(txt));
        Assert.Equal(isRecord, !Discarded(PolicyRecord.Select([txt]).Errors));
    }

    /// <summary>Whether Select discarded every record (none starts with the version), rather than judging one.</summary>
    private static bool Discarded(IEnumerable<Diagnostic> errors) => errors.Any(e =>
        e.Rule.StartsWith("no TXT record starting with", StringComparison.Ordinal) || e.Rule.EndsWith("senders discard this record", StringComparison.Ordinal));
}
