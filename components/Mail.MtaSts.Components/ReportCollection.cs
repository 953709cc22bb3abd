using Pulumi;

namespace Mail.MtaSts.Components;

/// <summary>
/// What a hosting deployed to collect TLS reports at the plan's report endpoint (RFC 8460 §5.4): the resources that
/// must be live before the TLS-RPT record lists the endpoint, the bucket the reports land in, and the command that
/// fetches and summarises them.
/// </summary>
/// <param name="Resources">Every resource the endpoint needs to answer.</param>
/// <param name="Bucket">The bucket holding the reports under <c>reports/</c>.</param>
/// <param name="FetchCommand">A shell command that syncs the reports down and runs <c>mta-sts reports summarize</c> on them.</param>
internal sealed record ReportCollection(IReadOnlyList<Resource> Resources, Output<string> Bucket, Output<string> FetchCommand)
{
    /// <summary>Where the fetch command puts the reports, relative to the working directory.</summary>
    public const string LocalDirectory = "./tls-reports";

    /// <summary>The command after the sync: summarise what was fetched into a page.</summary>
    public const string Summarize = "mta-sts reports summarize " + LocalDirectory + " --html tls-reports.html";
}
