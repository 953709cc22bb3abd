using System.Text;

namespace Mail.MtaSts.Tests;

public class PolicyTests
{
    private static Policy Sample(PolicyMode mode = PolicyMode.Enforce) =>
        new(mode, 604800, [MxPattern.FromHost("mx1.example.com"), MxPattern.FromHost("*.mail.example.net")]);

    [Fact]
    public void Renders_the_canonical_form_with_lf_and_no_bom()
    {
        var bytes = Sample().ToBytes();
        Assert.Equal(
            "version: STSv1\nmode: enforce\nmx: mx1.example.com\nmx: *.mail.example.net\nmax_age: 604800\n",
            Encoding.ASCII.GetString(bytes));
        Assert.NotEqual(0xEF, bytes[0]);
    }

    [Fact]
    public void Parses_crlf_and_lf_alike()
    {
        var lf = Policy.Parse("version: STSv1\nmode: testing\nmx: mx.example.com\nmax_age: 86400\n");
        var crlf = Policy.Parse("version: STSv1\r\nmode: testing\r\nmx: mx.example.com\r\nmax_age: 86400\r\n");
        Assert.True(lf.IsValid);
        Assert.Equal(lf.Value, crlf.Value);
    }

    [Fact]
    public void Repeated_key_first_value_wins_with_a_warning_on_its_line()
    {
        var result = Policy.Parse("version: STSv1\nmode: testing\nmode: enforce\nmx: mx.example.com\nmax_age: 604800\n");
        Assert.Equal(PolicyMode.Testing, result.Value!.Mode);
        var warning = Assert.Single(result.Warnings);
        Assert.Equal(("mode", 3), (warning.Field, warning.Line!.Value));
    }

    [Fact]
    public void Repeated_key_with_a_bad_second_value_is_ignored_like_a_sender_does()
    {
        var result = Policy.Parse("version: STSv1\nmode: none\nmode: bogus\nmax_age: 604800\n");
        Assert.True(result.IsValid);
        Assert.Equal(PolicyMode.None, result.Value!.Mode);
    }

    [Fact]
    public void Values_and_keys_are_case_sensitive()
    {
        var upperMode = Policy.Parse("version: STSv1\nmode: Enforce\nmx: mx.example.com\nmax_age: 604800\n");
        var error = Assert.Single(upperMode.Errors);
        Assert.Equal(("mode", "Enforce", 2), (error.Field, error.Value, error.Line!.Value));
        Assert.Contains("RFC 8461 §3.2", error.ToString());

        var upperKey = Policy.Parse("Version: STSv1\nmode: none\nmax_age: 1\n");
        Assert.Contains(upperKey.Errors, d => d.Field == "version" && d.Rule.Contains("required"));
    }

    [Fact]
    public void Byte_order_mark_is_an_error_on_line_one()
    {
        var body = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Sample().ToBytes()).ToArray();
        var result = Policy.Parse(body);
        Assert.False(result.IsValid);
        Assert.Contains(result.Errors, d => d.Line == 1 && d.Rule.Contains("byte order mark"));
    }

    [Fact]
    public void Lists_every_problem_at_once_with_lines()
    {
        var result = Policy.Parse("version: STSv2\nmode: enforce\nmx: *.*.example.com\nmax_age: 31557601\n");
        Assert.Equal(
            [("version", 1), ("mx", 3), ("max_age", 4)],
            result.Errors.Select(d => (d.Field, d.Line!.Value)).ToArray());
    }

    [Theory]
    [InlineData("max_age: 31557600", true)]
    [InlineData("max_age: 31557601", false)]
    [InlineData("max_age: 0", true)]
    [InlineData("max_age: -1", false)]
    [InlineData("max_age: 00000000001", false)]
    public void Max_age_range(string line, bool valid) =>
        Assert.Equal(valid, Policy.Parse($"version: STSv1\nmode: none\n{line}\n").IsValid);

    [Fact]
    public void Short_max_age_is_a_warning()
    {
        var result = Policy.Parse("version: STSv1\nmode: enforce\nmx: mx.example.com\nmax_age: 3600\n");
        Assert.True(result.IsValid);
        Assert.Contains(result.Warnings, d => d.Field == "max_age" && d.Line == 4);
    }

    [Fact]
    public void Larger_than_sixty_four_kib_is_rejected()
    {
        var body = "version: STSv1\nmode: none\nmax_age: 86400\nx: " + new string('a', Policy.MaxSize) + "\n";
        var result = Policy.Parse(body);
        Assert.Contains(result.Errors, d => d.Section == "RFC 8461 §3.3");
    }

    [Fact]
    public void Lone_carriage_return_is_not_a_line_end()
    {
        var result = Policy.Parse("version: STSv1\rmode: none\nmax_age: 86400\n");
        Assert.False(result.IsValid);
        Assert.Contains(result.Errors, d => d.Rule.Contains("lone CR"));
    }

    [Fact]
    public void Unknown_field_is_ignored_with_a_warning()
    {
        var result = Policy.Parse("version: STSv1\nmode: none\nmax_age: 86400\nfoo.bar: some value\n");
        Assert.True(result.IsValid);
        Assert.Contains(result.Warnings, d => d.Field == "foo.bar");
    }

    [Fact]
    public void Uncovered_lists_only_hosts_no_pattern_matches()
    {
        var policy = Sample();
        Assert.Equal(
            ["mx2.example.com", "a.b.mail.example.net"],
            policy.Uncovered(["MX1.example.com.", "mx2.example.com", "in.mail.example.net", "a.b.mail.example.net"]));
        Assert.Empty(new Policy(PolicyMode.None, 86400, []).Uncovered(["anything.example"]));
    }

    [Fact]
    public void Constructor_rejects_enforce_without_mx()
    {
        var e = Assert.Throws<MtaStsException>(() => new Policy(PolicyMode.Enforce, 86400, []));
        Assert.Contains("mx", e.Message);
        Assert.Contains("RFC 8461 §3.2", e.Message);
    }
}
