using CsCheck;

namespace Mail.MtaSts.Tests;

/// <summary>Generated inputs: render then parse is the identity; parsers never throw.</summary>
public class PropertyTests
{
    private static readonly Gen<string> Label =
        Gen.Select(Gen.Char["abcdefghijklmnopqrstuvwxyz0123456789"].Array[1, 20], Gen.Char["abcdefghijklmnopqrstuvwxyz0123456789-"].Array[0, 10])
            .Select((head, tail) => new string(head) + (tail.Length > 0 ? new string(tail).TrimEnd('-') + "x" : ""));

    private static readonly Gen<string> Host = Label.Array[2, 4].Select(labels => string.Join('.', labels));

    private static readonly Gen<MxPattern> Pattern =
        Gen.Select(Gen.Bool, Host).Select((wild, host) => MxPattern.Parse(wild ? "*." + host : host).Value!);

    private static readonly Gen<Policy> Policies =
        Gen.Select(Gen.Enum<PolicyMode>(), Gen.Long[0, Policy.MaxMaxAge], Pattern.Array[1, 5])
            .Select((mode, maxAge, mx) => new Policy(mode, maxAge, mx));

    [Fact]
    public void Policy_render_parse_is_identity() =>
        Policies.Sample(policy => Assert.Equal(policy, Policy.Parse(policy.ToBytes()).Value));

    [Fact]
    public void Policy_record_render_parse_is_identity() =>
        Gen.Char["abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"].Array[1, 32].Sample(chars =>
        {
            var record = new PolicyRecord(PolicyId.Parse(new string(chars)).Value!);
            Assert.Equal(record.Id, PolicyRecord.Parse(record.ToString()).Value!.Id);
        });

    [Fact]
    public void Tls_rpt_record_render_parse_is_identity() =>
        Gen.Select(Label, Host, Gen.Bool).Array[1, 3].Sample(uris =>
        {
            var record = TlsRptRecord.FromUris(uris.Select(u => u.Item3 ? $"mailto:{u.Item1}@{u.Item2}" : $"https://{u.Item2}/{u.Item1}"));
            Assert.Equal(record.ToString(), TlsRptRecord.Parse(record.ToString()).Value!.ToString());
        });

    [Fact]
    public void Policy_parse_never_throws_on_arbitrary_bytes() =>
        Gen.Byte.Array[0, 300].Sample(bytes => { _ = Policy.Parse(bytes); });

    [Fact]
    public void Policy_parse_never_throws_on_policy_like_text() =>
        Gen.String[Gen.Char["version:STSv1modetingforcenx_ag0123456789*. \t\r\n\uFEFFé"], 0, 200]
            .Sample(text => { _ = Policy.Parse(text); });

    [Fact]
    public void Record_parsers_never_throw() =>
        Gen.String[Gen.Char["v=STSv1TLSRPTv1;id=rua:mailto@https/,!% \t"], 0, 120].Sample(text =>
        {
            _ = PolicyRecord.Parse(text);
            _ = PolicyRecord.Select([text, text]);
            _ = TlsRptRecord.Parse(text);
            _ = MxPattern.Parse(text);
            _ = DomainName.TryParse(text);
        });
}
