using Mail.MtaSts.Components.Aws;
using Pulumi;

namespace Mail.MtaSts.Provider;

/// <summary>The policy host on AWS: a private S3 bucket behind CloudFront with an ACM certificate.</summary>
public sealed class AwsHostingArgs : ResourceArgs
{
    /// <summary>The Route 53 hosted zone of the domain; the default zone of the records.</summary>
    [Input("hostedZoneId")]
    public Input<string>? HostedZoneId { get; set; }

    /// <summary>The CloudFront price class; the default serves from every edge location.</summary>
    [Input("priceClass")]
    public string? PriceClass { get; set; }

    /// <summary>Requests per second the report endpoint takes steadily; default 10.</summary>
    [Input("reportRequestsPerSecond")]
    public double? ReportRequestsPerSecond { get; set; }

    /// <summary>Requests the report endpoint takes at once above the steady rate; default 20.</summary>
    [Input("reportBurst")]
    public int? ReportBurst { get; set; }

    /// <summary>The report function's reserved concurrency; none reserved by default.</summary>
    [Input("reportConcurrency")]
    public int? ReportConcurrency { get; set; }

    internal AwsHosting ToHosting()
    {
        var hosting = new AwsHosting { HostedZoneId = HostedZoneId, ReportConcurrency = ReportConcurrency };
        hosting.PriceClass = PriceClass ?? hosting.PriceClass;
        hosting.ReportRequestsPerSecond = ReportRequestsPerSecond ?? hosting.ReportRequestsPerSecond;
        hosting.ReportBurst = ReportBurst ?? hosting.ReportBurst;
        return hosting;
    }
}
