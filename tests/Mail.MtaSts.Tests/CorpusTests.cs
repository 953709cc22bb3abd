namespace Mail.MtaSts.Tests;

/// <summary>
/// Every case of Corpus/policies/CASES.tsv (verdicts from postfix-mta-sts-resolver, mox and smtp-sts test suites):
/// the core's verdict must agree with the case's <c>expected</c>.
/// </summary>
public class CorpusTests
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Corpus", "policies");

    /// <summary>
    /// The two resolver rows whose bodies parse but whose certificates fail: the TLS layer reports that fact and the
    /// core turns it into the verdict (the verifier's end-to-end tests prove the TLS side against real servers).
    /// </summary>
    private static readonly Dictionary<string, string> CertificateFailures = new()
    {
        ["resolver-bad-cert1.txt"] = "certificate signed by an untrusted CA",
        ["resolver-bad-cert2.txt"] = "certificate names bad-cert2.loc, not mta-sts.bad-cert2.loc",
    };

    public static TheoryData<string, string, string, string, string> Cases()
    {
        var data = new TheoryData<string, string, string, string, string>();
        foreach (var line in File.ReadAllLines(Path.Combine(Folder, "CASES.tsv")).Skip(1))
        {
            var c = line.Split('\t');
            data.Add(c[0], c[1], c[2], c[3], c[4]);
        }

        return data;
    }

    [Fact]
    public void Corpus_has_all_seventy_eight_cases() => Assert.Equal(78, Cases().Count);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Verdict_agrees(string fileOrTxt, string kind, string contentType, string status, string expected)
    {
        if (kind == "policy")
        {
            var response = new PolicyResponse(
                status.Length > 0 ? int.Parse(status) : 200,
                contentType.Length > 0 ? contentType : "text/plain",
                File.ReadAllBytes(Path.Combine(Folder, fileOrTxt)),
                CertificateFailures.GetValueOrDefault(fileOrTxt));
            var result = response.Evaluate();
            Assert.True(result.IsValid == (expected == "valid"),
                $"{fileOrTxt}: expected {expected}, got {(result.IsValid ? "valid" : "invalid")}: {string.Join("; ", result.Errors)}");
            return;
        }

        var txt = Unescape(fileOrTxt);
        var selected = PolicyRecord.Select([txt]);
        switch (expected)
        {
            case "valid":
                Assert.True(selected.IsValid, string.Join("; ", selected.Errors));
                break;
            case "invalid":
                Assert.False(PolicyRecord.Parse(txt).IsValid);
                Assert.False(selected.IsValid);
                break;
            case "nopolicy":
                Assert.False(selected.IsValid);
                break;
            default:
                Assert.Fail($"unknown verdict {expected}");
                break;
        }
    }

    private static string Unescape(string tsv) =>
        tsv.Replace("\\t", "\t").Replace("\\r", "\r").Replace("\\n", "\n").Replace("\\\\", "\\");
}
