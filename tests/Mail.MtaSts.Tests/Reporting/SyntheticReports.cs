using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using MimeKit;

namespace Mail.MtaSts.Tests.Reporting;

/// <summary>Builds realistic reports in the shapes of RFC 8460 §4.4 and of the reporters that deviate from it.</summary>
internal static class SyntheticReports
{
    /// <summary>A report with one sts policy for <paramref name="domain"/> and the given failure details.</summary>
    public static JsonObject Report(
        string organization = "Example Sender",
        string reportId = "2026-11-02T00:00:00Z_example.com",
        string domain = "example.com",
        string day = "2026-11-02",
        long successful = 100,
        string mode = "testing",
        params (string ResultType, long Count, string SendingIp, string ReceivingMx)[] failures)
    {
        var details = new JsonArray();
        foreach (var (type, count, ip, mx) in failures)
        {
            details.Add(new JsonObject
            {
                ["result-type"] = type,
                ["sending-mta-ip"] = ip,
                ["receiving-mx-hostname"] = mx,
                ["receiving-ip"] = "192.0.2.25",
                ["failed-session-count"] = count,
            });
        }

        return new JsonObject
        {
            ["organization-name"] = organization,
            ["date-range"] = new JsonObject
            {
                ["start-datetime"] = $"{day}T00:00:00Z",
                ["end-datetime"] = $"{day}T23:59:59Z",
            },
            ["contact-info"] = $"tls-reports@{organization.ToLowerInvariant().Replace(' ', '-')}.example",
            ["report-id"] = reportId,
            ["policies"] = new JsonArray
            {
                new JsonObject
                {
                    ["policy"] = new JsonObject
                    {
                        ["policy-type"] = "sts",
                        ["policy-string"] = new JsonArray("version: STSv1", $"mode: {mode}", "mx: mx1.example.com", "max_age: 604800"),
                        ["policy-domain"] = domain,
                        ["mx-host"] = "mx1.example.com",
                    },
                    ["summary"] = new JsonObject
                    {
                        ["total-successful-session-count"] = successful,
                        ["total-failure-session-count"] = failures.Sum(f => f.Count),
                    },
                    ["failure-details"] = details,
                },
            },
        };
    }

    /// <summary>A Microsoft-style DANE report: no sending-mta-ip, the TLSA strings JSON-encoded twice.</summary>
    public const string MicrosoftTlsa = """
        {"organization-name":"Microsoft Corporation","date-range":{"start-datetime":"2026-11-03T00:00:00Z","end-datetime":"2026-11-03T23:59:59Z"},
         "contact-info":"tlsrpt-noreply@microsoft.com","report-id":"133944884956529435+example.com",
         "policies":[{"policy":{"policy-type":"tlsa","policy-string":["\"3 1 1 0C72AC70B745AC19998811B131D662C9AC69DBDBE7CB23E5B514B56664C5D3D6\"","[\"3 1 1 A9CDB1C1A3A7D6D68A6DB5A6A3B5D2C1E7F3A9C1B2D3E4F5A6B7C8D9E0F1A2B3\"]"],
           "policy-domain":"example.com"},
           "summary":{"total-successful-session-count":40,"total-failure-session-count":2},
           "failure-details":[{"result-type":"tlsa-invalid","receiving-mx-hostname":"mx1.example.com","failed-session-count":2}]}]}
        """;

    /// <summary>A Microsoft-style MTA-STS report: no policy-string and no sending-mta-ip.</summary>
    public const string MicrosoftSts = """
        {"organization-name":"Microsoft Corporation","date-range":{"start-datetime":"2026-11-03T00:00:00Z","end-datetime":"2026-11-03T23:59:59Z"},
         "contact-info":"tlsrpt-noreply@microsoft.com","report-id":"133944884956529436+example.com",
         "policies":[{"policy":{"policy-type":"sts","policy-domain":"example.com"},
           "summary":{"total-successful-session-count":0,"total-failure-session-count":3},
           "failure-details":[{"result-type":"sts-policy-fetch-error","failed-session-count":3}]}]}
        """;

    public static byte[] Json(JsonNode report) => Encoding.UTF8.GetBytes(report.ToJsonString());

    public static byte[] Gzip(byte[] content)
    {
        var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(content);
        }

        return output.ToArray();
    }

    /// <summary>
    /// A report e-mail as RFC 8460 §5.3 describes, with the report gzip-compressed: the subject's Report-ID is a message id
    /// made from the report-id as Google makes it, the file name follows §5.1 unless <paramref name="fileName"/> is given.
    /// </summary>
    public static MimeMessage Message(JsonObject report, string? headerDomain = null, string? subjectId = null, string? fileName = null)
    {
        var domain = report["policies"]![0]!["policy"]!["policy-domain"]!.GetValue<string>();
        var id = report["report-id"]!.GetValue<string>().Replace(':', '.').Replace('_', '+') + "@sender.example";
        var range = report["date-range"]!;
        var begin = DateTimeOffset.Parse(range["start-datetime"]!.GetValue<string>(), CultureInfo.InvariantCulture).ToUnixTimeSeconds();
        var end = DateTimeOffset.Parse(range["end-datetime"]!.GetValue<string>(), CultureInfo.InvariantCulture).ToUnixTimeSeconds();
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress("", "noreply-tls-reporting@sender.example"));
        message.To.Add(new MailboxAddress("", "tlsrpt@example.com"));
        message.Subject = $"Report Domain: {headerDomain ?? domain} Submitter: sender.example Report-ID: <{subjectId ?? id}>";
        message.Headers.Add("TLS-Report-Domain", headerDomain ?? domain);
        message.Headers.Add("TLS-Report-Submitter", "sender.example");
        var body = new Multipart("report");
        body.ContentType.Parameters.Add("report-type", "tlsrpt");
        body.Add(new TextPart("plain") { Text = "This is an aggregate TLS report from sender.example" });
        body.Add(new MimePart("application", "tlsrpt+gzip")
        {
            Content = new MimeContent(new MemoryStream(Gzip(Json(report)))),
            ContentTransferEncoding = ContentEncoding.Base64,
            FileName = fileName ?? $"{report["contact-info"]!.GetValue<string>().Split('@')[^1]}!{domain}!{begin}!{end}!001.json.gz",
        });
        message.Body = body;
        return message;
    }

    /// <summary>
    /// <paramref name="inner"/> forwarded by a mail admin the way mail clients forward "as attachment" (or inline, by
    /// <paramref name="disposition"/>): a multipart/mixed message of the admin's own, with a note and the original as a
    /// message/rfc822 part. The forwarder's headers carry none of RFC 8460 §5.3's.
    /// </summary>
    public static MimeMessage Forward(string disposition = ContentDisposition.Attachment, params MimeMessage[] inner)
    {
        var forward = new MimeMessage();
        forward.From.Add(new MailboxAddress("Postmaster", "postmaster@example.net"));
        forward.To.Add(new MailboxAddress("", "tls-reports@example.net"));
        forward.Subject = "Fwd: " + inner[0].Subject;
        var body = new Multipart("mixed") { new TextPart("plain") { Text = "Forwarding the TLS report(s) below, our rua address changed.\n" } };
        foreach (var message in inner)
        {
            body.Add(new MessagePart { Message = message, ContentDisposition = new ContentDisposition(disposition) });
        }

        forward.Body = body;
        return forward;
    }

    /// <summary>A message read from its bytes, as a mail client holds it before forwarding.</summary>
    public static MimeMessage Load(byte[] message) => MimeMessage.Load(new MemoryStream(message));

    public static byte[] Bytes(MimeMessage message)
    {
        var output = new MemoryStream();
        message.WriteTo(output);
        return output.ToArray();
    }

    /// <summary>An mbox holding <paramref name="messages"/>, each after its <c>From </c> line.</summary>
    public static byte[] Mbox(params byte[][] messages)
    {
        var output = new MemoryStream();
        foreach (var message in messages)
        {
            output.Write("From noreply-tls-reporting@sender.example Mon Nov  2 10:00:00 2026\n"u8);
            output.Write(message);
            output.Write("\n"u8);
        }

        return output.ToArray();
    }
}
