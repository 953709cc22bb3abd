using System.Text.Json;
using Mail.MtaSts.Reporting;

namespace Mail.MtaSts.Hosting;

/// <summary>
/// An <c>https:</c> report URI (RFC 8460 §3) that receives TLS reports by POST (RFC 8460 §5.4) and stores each one as
/// received, for the policy domains it serves. The contract (paths, statuses, caps, storage keys) is written down in
/// docs/reports-endpoint.md; <see cref="ReportWorkerScript"/> (Cloudflare) and <see cref="ReportLambdaScript"/> (AWS)
/// render the two implementations of it from one intake script.
/// </summary>
public sealed class ReportEndpoint
{
    /// <summary>The path reports are POSTed to, on the policy host: <c>https://mta-sts.&lt;domain&gt;/tlsrpt</c>.</summary>
    public const string Path = "/tlsrpt";

    /// <summary>
    /// The most bytes a request body may have as sent: 4 MiB, which still fits Lambda's 6 MB invocation payload once API
    /// Gateway (or a function URL) has base64-encoded the body into the event.
    /// </summary>
    public const int MaxBodySize = 4 * 1024 * 1024;

    /// <summary>The most bytes a gzip body may expand to: the reader's cap, so every stored report can be read back.</summary>
    public const int MaxReportSize = TlsReportReader.MaxReportSize;

    /// <summary>The prefix of every key the endpoint writes: <c>reports/&lt;policy-domain&gt;/&lt;YYYY-MM-DD&gt;/...</c>.</summary>
    public const string KeyPrefix = "reports/";

    /// <summary>Creates the endpoint served on <paramref name="hostName"/> for the reports about <paramref name="servedDomains"/>.</summary>
    /// <param name="hostName">The host the path is served on, e.g. <c>mta-sts.example.com</c> (a name, RFC 3986 §3.2.2).</param>
    /// <param name="servedDomains">The policy domains whose reports are accepted (RFC 8460 §4.4 <c>policy-domain</c>); at least one.</param>
    public ReportEndpoint(string hostName, IEnumerable<DomainName> servedDomains)
    {
        var host = HostSyntax.Normalize(hostName, convertUnicode: true).Normalized
            ?? throw new MtaStsException([new Diagnostic(Severity.Error, "hostName", hostName, "is not a host name", "RFC 3986 §3.2.2")]);
        ServedDomains = [.. servedDomains.Distinct().OrderBy(d => d.Value, StringComparer.Ordinal)];
        if (ServedDomains.Count == 0)
        {
            throw new MtaStsException([new Diagnostic(Severity.Error, "servedDomains", "", "an endpoint serves at least one policy domain", "RFC 8460 §4.4")]);
        }

        HostName = host;
        Uri = new Uri($"https://{host}{Path}");
    }

    /// <summary>The host the endpoint is served on.</summary>
    public string HostName { get; }

    /// <summary>The report URI to publish in <c>rua=</c>: <c>https://&lt;host&gt;/tlsrpt</c> (RFC 8460 §3).</summary>
    public Uri Uri { get; }

    /// <summary>The policy domains whose reports are stored, in name order; a report about any other is refused (403).</summary>
    public IReadOnlyList<DomainName> ServedDomains { get; }

    /// <summary>
    /// The name of the endpoint's Worker, bucket or function for a domain: <c>tlsrpt-</c> and the domain with dots as
    /// dashes, e.g. <c>tlsrpt-example-com</c>, cut and ended with a hash of the domain past 63 characters (a DNS label,
    /// the longest R2 bucket name).
    /// </summary>
    public static string NameFor(DomainName domain) => WorkerScript.NameFor("tlsrpt", domain);

    /// <summary>The intake script both implementations share, with this endpoint's path, caps and domains.</summary>
    internal string RenderIntake() => ScriptTemplates.Render("report-intake.js.sbn", new Dictionary<string, object>
    {
        ["uri"] = Uri.ToString(),
        ["path"] = JsonSerializer.Serialize(Path),
        ["max_body"] = MaxBodySize,
        ["max_report"] = MaxReportSize,
        ["key_prefix"] = JsonSerializer.Serialize(KeyPrefix),
        ["served"] = JsonSerializer.Serialize(ServedDomains.Select(d => d.Value)),
    });
}
