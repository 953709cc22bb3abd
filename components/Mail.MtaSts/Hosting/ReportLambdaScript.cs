namespace Mail.MtaSts.Hosting;

/// <summary>
/// Renders the AWS Lambda handler (a Node.js ES module taking the payload format 2.0 events of an API Gateway HTTP API or
/// a function URL) of a
/// <see cref="ReportEndpoint"/>: it answers as docs/reports-endpoint.md says and stores each accepted report in the S3
/// bucket named by the environment variable <see cref="BucketVariable"/>, with the AWS SDK v3 the runtime provides.
/// </summary>
public static class ReportLambdaScript
{
    /// <summary>The file name of the module in the function's code archive.</summary>
    public const string FileName = "index.mjs";

    /// <summary>The function's handler: <c>handler</c>, exported by <see cref="FileName"/>.</summary>
    public const string Handler = "index.handler";

    /// <summary>
    /// The Lambda runtime: Node.js 22, whose image carries <c>@aws-sdk/client-s3</c> v3 (Node.js 20 is deprecated by
    /// Lambda from April 2026; the script uses nothing newer than Node.js 20 has).
    /// </summary>
    public const string Runtime = "nodejs22.x";

    /// <summary>The environment variable holding the bucket name.</summary>
    public const string BucketVariable = "REPORTS_BUCKET";

    /// <summary>Renders the handler for <paramref name="endpoint"/>.</summary>
    public static string Render(ReportEndpoint endpoint) => ScriptTemplates.Render("report-lambda.mjs.sbn", new Dictionary<string, object>
    {
        ["intake"] = endpoint.RenderIntake(),
        ["bucket_variable"] = BucketVariable,
    });
}
