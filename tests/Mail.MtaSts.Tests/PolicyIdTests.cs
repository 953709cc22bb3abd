using System.Text;

namespace Mail.MtaSts.Tests;

public class PolicyIdTests
{
    [Fact]
    public void Id_is_thirty_two_alphanumerics_and_valid_for_the_record()
    {
        var id = PolicyId.ForPolicy(Encoding.ASCII.GetBytes("version: STSv1\nmode: none\nmax_age: 86400\n"));
        Assert.Equal(32, id.Value.Length);
        Assert.True(PolicyId.Parse(id.Value).IsValid);
    }

    [Fact]
    public void Same_bytes_same_id_any_byte_changed_new_id()
    {
        var a = Encoding.ASCII.GetBytes("version: STSv1\nmode: testing\nmx: mx.example.com\nmax_age: 604800\n");
        Assert.Equal(PolicyId.ForPolicy(a), PolicyId.ForPolicy(a.ToArray()));
        for (var i = 0; i < a.Length; i++)
        {
            var b = a.ToArray();
            b[i] ^= 1;
            Assert.NotEqual(PolicyId.ForPolicy(a), PolicyId.ForPolicy(b));
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("test-123")]
    [InlineData("012345678901234567890123456789012")]
    public void Rejects_ids_outside_the_grammar(string value) =>
        Assert.Equal("id", Assert.Single(PolicyId.Parse(value).Errors).Field);
}
