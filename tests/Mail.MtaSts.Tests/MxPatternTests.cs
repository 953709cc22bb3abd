namespace Mail.MtaSts.Tests;

public class MxPatternTests
{
    [Theory]
    [InlineData("*.example.com", "mx1.example.com", true)]
    [InlineData("*.example.com", "MX1.EXAMPLE.COM.", true)]
    [InlineData("*.example.com", "example.com", false)]
    [InlineData("*.example.com", "a.b.example.com", false)]
    [InlineData("*.example.com", "mx1.example.community", false)]
    [InlineData("mx.example.com", "mx.example.com.", true)]
    [InlineData("mx.example.com", "mx2.example.com", false)]
    public void Matches_one_left_most_label_case_insensitively(string pattern, string host, bool matches) =>
        Assert.Equal(matches, MxPattern.Parse(pattern).Value!.Matches(host));

    [Theory]
    [InlineData("*.*.example.com")]
    [InlineData("mx.*.example.com")]
    [InlineData("as*.example.com")]
    [InlineData("**.example")]
    [InlineData("*")]
    [InlineData("test.example-")]
    [InlineData("")]
    [InlineData("mx_1.example.com")]
    [InlineData("møx.example")]
    public void Rejects_what_the_grammar_does_not_allow(string value)
    {
        var result = MxPattern.Parse(value);
        var error = Assert.Single(result.Errors);
        Assert.Equal("mx", error.Field);
        Assert.Equal(value, error.Value);
        Assert.StartsWith("RFC 8461 §3.2", error.Section);
    }

    [Fact]
    public void From_host_converts_u_labels_but_parse_rejects_them()
    {
        Assert.Equal("*.xn--bcher-kva.example", MxPattern.FromHost("*.Bücher.example").Value);
        Assert.False(MxPattern.Parse("*.bücher.example").IsValid);
        Assert.True(MxPattern.Parse("*.xn--bcher-kva.example").IsValid);
    }

    [Fact]
    public void From_host_throws_naming_the_value()
    {
        var e = Assert.Throws<MtaStsException>(() => MxPattern.FromHost("mx.*.example.com"));
        Assert.Contains("mx.*.example.com", e.Message);
        Assert.Contains("left-most label", e.Message);
    }
}
