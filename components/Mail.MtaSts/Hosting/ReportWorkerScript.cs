namespace Mail.MtaSts.Hosting;

/// <summary>
/// Renders the Cloudflare Worker (an ES module) of a <see cref="ReportEndpoint"/>: it answers POSTs of TLS reports on
/// <see cref="ReportEndpoint.Path"/> as docs/reports-endpoint.md says and stores each accepted report in the R2 bucket
/// bound as <see cref="BucketBinding"/>.
/// </summary>
public static class ReportWorkerScript
{
    /// <summary>The module name the script is uploaded and run under.</summary>
    public const string MainModule = "tlsrpt.js";

    /// <summary>The name of the R2 bucket binding the deployed Worker stores through.</summary>
    public const string BucketBinding = "REPORTS";

    /// <summary>
    /// The name of the binding the script stores through when it has no <see cref="BucketBinding"/>: a service that takes
    /// <c>PUT /&lt;key&gt;</c>, such as a writable workerd disk service (workerd has no R2; the tests bind one).
    /// </summary>
    public const string DiskBinding = "REPORTS_DISK";

    /// <summary>The Workers compatibility date the script is written for.</summary>
    public const string CompatibilityDate = WorkerScript.CompatibilityDate;

    /// <summary>Renders the Worker for <paramref name="endpoint"/>.</summary>
    public static string Render(ReportEndpoint endpoint) => ScriptTemplates.Render("report-worker.js.sbn", new Dictionary<string, object>
    {
        ["intake"] = endpoint.RenderIntake(),
        ["bucket_binding"] = BucketBinding,
        ["disk_binding"] = DiskBinding,
    });
}
