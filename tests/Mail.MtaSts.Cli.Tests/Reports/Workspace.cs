using System.IO.Compression;
using System.Text;

namespace Mail.MtaSts.Cli.Tests.Reports;

/// <summary>A temporary directory of report inputs, deleted at the end of the test.</summary>
internal sealed class Workspace : IDisposable
{
    public Workspace() => Directory.CreateDirectory(Root);

    public string Root { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "mtasts-reports-" + Guid.NewGuid().ToString("N"));

    public static string Corpus(string name) => System.IO.Path.Combine(AppContext.BaseDirectory, "Corpus", "tlsrpt", name);

    public static IEnumerable<string> CorpusReports() =>
        Directory.EnumerateFiles(System.IO.Path.Combine(AppContext.BaseDirectory, "Corpus", "tlsrpt")).Where(f => !f.EndsWith(".md", StringComparison.Ordinal));

    public string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    public string Write(string relative, byte[] content)
    {
        var path = Path(relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content);
        return path;
    }

    public string Write(string relative, string content) => Write(relative, Encoding.UTF8.GetBytes(content));

    public static byte[] Gzip(string content)
    {
        var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes(content));
        }

        return output.ToArray();
    }

    /// <summary>A one-day report for example.com from <paramref name="organization"/>.</summary>
    public static string Report(string organization, string id, string day, long successful, long failed, string resultType = "certificate-expired", string mode = "testing") => $$"""
        {"organization-name":"{{organization}}","date-range":{"start-datetime":"{{day}}T00:00:00Z","end-datetime":"{{day}}T23:59:59Z"},
         "contact-info":"tls-reports@sender.example","report-id":"{{id}}",
         "policies":[{"policy":{"policy-type":"sts","policy-string":["version: STSv1","mode: {{mode}}","mx: mx1.example.com","max_age: 604800"],"policy-domain":"example.com","mx-host":"mx1.example.com"},
           "summary":{"total-successful-session-count":{{successful}},"total-failure-session-count":{{failed}}},
           "failure-details":[{"result-type":"{{resultType}}","sending-mta-ip":"198.51.100.7","receiving-mx-hostname":"mx1.example.com","failed-session-count":{{failed}}}]}]}
        """;

    /// <summary>
    /// A report e-mail (RFC 8460 §5.3) carrying <paramref name="json"/> gzip-compressed, its Report-ID a message id and its
    /// file name following §5.1 with the timestamps of the report's date-range.
    /// </summary>
    public static string Message(string json, string id)
    {
        using var report = System.Text.Json.JsonDocument.Parse(json);
        var range = report.RootElement.GetProperty("date-range");
        var begin = range.GetProperty("start-datetime").GetDateTimeOffset().ToUnixTimeSeconds();
        var end = range.GetProperty("end-datetime").GetDateTimeOffset().ToUnixTimeSeconds();
        return Message(json, id, $"sender.example!example.com!{begin}!{end}!{id.Replace("-", "")}.json.gz");
    }

    private static string Message(string json, string id, string fileName) => $"""
        From: noreply-tls-reporting@sender.example
        To: tlsrpt@example.com
        Subject: Report Domain: example.com Submitter: sender.example Report-ID: <{id}@sender.example>
        TLS-Report-Domain: example.com
        TLS-Report-Submitter: sender.example
        MIME-Version: 1.0
        Content-Type: multipart/report; report-type=tlsrpt; boundary="b1"

        --b1
        Content-Type: text/plain

        This is an aggregate TLS report from sender.example

        --b1
        Content-Type: application/tlsrpt+gzip
        Content-Disposition: attachment; filename="{fileName}"
        Content-Transfer-Encoding: base64

        {Convert.ToBase64String(Gzip(json), Base64FormattingOptions.InsertLineBreaks)}
        --b1--

        """;

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
