using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Mail.MtaSts.Hosting;
using Mail.MtaSts.Tests.Reporting;

namespace Mail.MtaSts.World.Tests.Hosting;

/// <summary>
/// The requests of docs/reports-endpoint.md and what each must get, one table for both implementations (the Worker under
/// workerd and the Lambda handler under Node): a name, the request, the status and the fixed answer text.
/// </summary>
internal static class ReportEndpointCases
{
    public const string Json = "application/tlsrpt+json";
    public const string Gzip = "application/tlsrpt+gzip";

    /// <summary>The policy domains the endpoint under test serves: those of the corpus reports.</summary>
    public static readonly string[] ServedDomains = ["example.com", "company-y.example", "test.xmox.nl", "cardinalhealth.ca"];

    /// <summary>A report the endpoint under test serves: RFC 8460 §4.4's shape, for example.com.</summary>
    public static byte[] Report(string domain = "example.com", string reportId = "2026-11-02T00:00:00Z_example.com") =>
        SyntheticReports.Json(SyntheticReports.Report(reportId: reportId, domain: domain, failures: [("certificate-expired", 3, "198.51.100.7", "mx1.example.com")]));

    /// <summary>Requests refused: nothing may be stored for any of them.</summary>
    public static readonly IReadOnlyDictionary<string, Case> Refused = new Dictionary<string, Case>
    {
        ["GET on the path"] = new("GET", ReportEndpoint.Path, null, null, HttpStatusCode.MethodNotAllowed, "method not allowed"),
        ["HEAD on the path"] = new("HEAD", ReportEndpoint.Path, null, null, HttpStatusCode.MethodNotAllowed, ""),
        ["PUT of a report"] = new("PUT", ReportEndpoint.Path, Json, () => Report(), HttpStatusCode.MethodNotAllowed, "method not allowed"),
        ["OPTIONS (no CORS)"] = new("OPTIONS", ReportEndpoint.Path, null, null, HttpStatusCode.MethodNotAllowed, "method not allowed"),
        ["POST to the path with a slash"] = new("POST", ReportEndpoint.Path + "/", Json, () => Report(), HttpStatusCode.NotFound, "not found"),
        ["POST to the root"] = new("POST", "/", Json, () => Report(), HttpStatusCode.NotFound, "not found"),
        ["POST to the policy path"] = new("POST", DeploymentPlan.PolicyPath, Json, () => Report(), HttpStatusCode.NotFound, "not found"),
        ["POST to the path in upper case"] = new("POST", ReportEndpoint.Path.ToUpperInvariant(), Json, () => Report(), HttpStatusCode.NotFound, "not found"),
        ["no Content-Type"] = new("POST", ReportEndpoint.Path, null, () => Report(), HttpStatusCode.UnsupportedMediaType, "unsupported media type"),
        ["application/json"] = new("POST", ReportEndpoint.Path, "application/json", () => Report(), HttpStatusCode.UnsupportedMediaType, "unsupported media type"),
        ["application/gzip"] = new("POST", ReportEndpoint.Path, "application/gzip", () => SyntheticReports.Gzip(Report()), HttpStatusCode.UnsupportedMediaType, "unsupported media type"),
        ["multipart/form-data"] = new("POST", ReportEndpoint.Path, "multipart/form-data; boundary=x", () => Report(), HttpStatusCode.UnsupportedMediaType, "unsupported media type"),
        ["Content-Encoding gzip"] = new("POST", ReportEndpoint.Path, Json, () => SyntheticReports.Gzip(Report()), HttpStatusCode.UnsupportedMediaType, "unsupported media type", ContentEncoding: "gzip"),
        ["empty body"] = new("POST", ReportEndpoint.Path, Json, () => [], HttpStatusCode.BadRequest, "not a TLS report"),
        ["text"] = new("POST", ReportEndpoint.Path, Json, () => "hello, reports"u8.ToArray(), HttpStatusCode.BadRequest, "not a TLS report"),
        ["a JSON array"] = new("POST", ReportEndpoint.Path, Json, () => Encoding.UTF8.GetBytes($"[{Encoding.UTF8.GetString(Report())}]"), HttpStatusCode.BadRequest, "not a TLS report"),
        ["JSON that is no report"] = new("POST", ReportEndpoint.Path, Json, () => """{"hello":"world"}"""u8.ToArray(), HttpStatusCode.BadRequest, "not a TLS report"),
        ["no policies"] = new("POST", ReportEndpoint.Path, Json, () => Edited(r => r.Remove("policies")), HttpStatusCode.BadRequest, "not a TLS report"),
        ["an empty policies array"] = new("POST", ReportEndpoint.Path, Json, () => Edited(r => r["policies"] = new JsonArray()), HttpStatusCode.BadRequest, "not a TLS report"),
        ["a policy without summary"] = new("POST", ReportEndpoint.Path, Json, () => Edited(r => r["policies"]![0]!.AsObject().Remove("summary")), HttpStatusCode.BadRequest, "not a TLS report"),
        ["report-id a number"] = new("POST", ReportEndpoint.Path, Json, () => Edited(r => r["report-id"] = 42), HttpStatusCode.BadRequest, "not a TLS report"),
        ["start-datetime not a date"] = new("POST", ReportEndpoint.Path, Json, () => Edited(r => r["date-range"]!["start-datetime"] = "yesterday"), HttpStatusCode.BadRequest, "not a TLS report"),
        ["bytes that are not UTF-8"] = new("POST", ReportEndpoint.Path, Json, () => [.. Report()[..^2], 0xFF, 0xFE, (byte)'}'], HttpStatusCode.BadRequest, "not a TLS report"),
        ["broken gzip"] = new("POST", ReportEndpoint.Path, Gzip, () => [0x1F, 0x8B, 0x08, 0x00, .. "not deflate at all"u8.ToArray()], HttpStatusCode.BadRequest, "not a TLS report"),
        ["truncated gzip"] = new("POST", ReportEndpoint.Path, Gzip, () => SyntheticReports.Gzip(Report())[..60], HttpStatusCode.BadRequest, "not a TLS report"),
        ["gzip of text"] = new("POST", ReportEndpoint.Path, Gzip, () => SyntheticReports.Gzip("a compressed letter"u8.ToArray()), HttpStatusCode.BadRequest, "not a TLS report"),
        // Sent chunked, without a length: the cap applies while the body is read.
        ["a body one byte over the cap"] = new("POST", ReportEndpoint.Path, Json, () => Padded(ReportEndpoint.MaxBodySize + 1), HttpStatusCode.RequestEntityTooLarge, "content too large", Chunked: true),
        // Refused on its Content-Length before the body is read; the client waits for 100 Continue, so it hears the 413.
        ["a Content-Length over the cap"] = new("POST", ReportEndpoint.Path, Json, () => Padded(ReportEndpoint.MaxBodySize + 1), HttpStatusCode.RequestEntityTooLarge, "content too large", ExpectContinue: true),
        ["a gzip bomb"] = new("POST", ReportEndpoint.Path, Gzip, Bomb, HttpStatusCode.RequestEntityTooLarge, "content too large"),
        ["a domain not served"] = new("POST", ReportEndpoint.Path, Json, () => Report("other.example"), HttpStatusCode.Forbidden, "policy-domain not served"),
        ["a gzip report of a domain not served"] = new("POST", ReportEndpoint.Path, Gzip, () => SyntheticReports.Gzip(Report("example.net")), HttpStatusCode.Forbidden, "policy-domain not served"),
        ["a second policy of a domain not served"] = new("POST", ReportEndpoint.Path, Json, () => Edited(r => r["policies"]!.AsArray().Add(Policy("mx.other.example", "other.example"))), HttpStatusCode.Forbidden, "policy-domain not served"),
        ["a subdomain of a served domain"] = new("POST", ReportEndpoint.Path, Json, () => Report("sub.example.com"), HttpStatusCode.Forbidden, "policy-domain not served"),
    };

    /// <summary>Requests that a strict reading of RFC 8460 §5.4 would still accept, each stored under the key shown.</summary>
    public static readonly IReadOnlyDictionary<string, (Case Case, string Domain, string Extension)> Accepted = new Dictionary<string, (Case, string, string)>
    {
        ["a charset parameter"] = (new("POST", ReportEndpoint.Path, Json + "; charset=utf-8", () => Report(), HttpStatusCode.OK, "stored"), "example.com", ".json"),
        ["the media type in upper case"] = (new("POST", ReportEndpoint.Path, "Application/TLSRPT+GZIP", () => SyntheticReports.Gzip(Report()), HttpStatusCode.OK, "stored"), "example.com", ".json.gz"),
        ["gzip labelled json (told by content)"] = (new("POST", ReportEndpoint.Path, Json, () => SyntheticReports.Gzip(Report()), HttpStatusCode.OK, "stored"), "example.com", ".json.gz"),
        ["a byte order mark"] = (new("POST", ReportEndpoint.Path, Json, () => [0xEF, 0xBB, 0xBF, .. Report()], HttpStatusCode.OK, "stored"), "example.com", ".json"),
        ["a policy-domain in upper case with a dot"] = (new("POST", ReportEndpoint.Path, Json, () => Report("Company-Y.EXAMPLE."), HttpStatusCode.OK, "stored"), "company-y.example", ".json"),
        ["a query string"] = (new("POST", ReportEndpoint.Path + "?from=mta", Json, () => Report(), HttpStatusCode.OK, "stored"), "example.com", ".json"),
    };

    /// <summary>One request of the table.</summary>
    public sealed record Case(
        string Method, string Path, string? ContentType, Func<byte[]>? Body, HttpStatusCode Status, string Text,
        string? ContentEncoding = null, bool Chunked = false, bool ExpectContinue = false)
    {
        public HttpRequestMessage Request() => Request(Body?.Invoke());

        /// <summary>The request with <paramref name="body"/> (none when null) in place of the case's own.</summary>
        public HttpRequestMessage Request(byte[]? body)
        {
            var request = new HttpRequestMessage(new HttpMethod(Method), Path);
            if (body is not null || ContentType is not null)
            {
                request.Content = Chunked ? new ChunkedContent(body ?? []) : new ByteArrayContent(body ?? []);
                request.Headers.ExpectContinue = ExpectContinue;
                if (ContentType is not null)
                {
                    request.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
                }

                if (ContentEncoding is not null)
                {
                    request.Content.Headers.ContentEncoding.Add(ContentEncoding);
                }
            }

            return request;
        }
    }

    /// <summary>A body sent with <c>Transfer-Encoding: chunked</c>: its length is not computed, so none is sent.</summary>
    private sealed class ChunkedContent(byte[] body) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) => stream.WriteAsync(body).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }

    private static byte[] Edited(Action<JsonObject> edit)
    {
        var report = SyntheticReports.Report(failures: [("certificate-expired", 3, "198.51.100.7", "mx1.example.com")]);
        edit(report);
        return SyntheticReports.Json(report);
    }

    private static JsonObject Policy(string mx, string domain) => new()
    {
        ["policy"] = new JsonObject { ["policy-type"] = "sts", ["policy-domain"] = domain, ["mx-host"] = mx },
        ["summary"] = new JsonObject { ["total-successful-session-count"] = 1, ["total-failure-session-count"] = 0 },
    };

    /// <summary>A real report padded with spaces (valid JSON whitespace) to <paramref name="size"/> bytes.</summary>
    private static byte[] Padded(int size)
    {
        var report = Report();
        var padded = new byte[size];
        report.CopyTo(padded, 0);
        padded.AsSpan(report.Length).Fill((byte)' ');
        return padded;
    }

    /// <summary>About 20 KB of gzip that expands to a report followed by 20 MiB of spaces, past the 16 MiB cap.</summary>
    private static byte[] Bomb() => SyntheticReports.Gzip(Padded(20 * 1024 * 1024));
}
