using Pulumi;

namespace Mail.MtaSts.Components;

/// <summary>Where the policy host <c>mta-sts.&lt;domain&gt;</c> runs: <c>AwsHosting</c> (package Mail.MtaSts.Components.Aws) or <c>CloudflareHosting</c> (Mail.MtaSts.Components.Cloudflare).</summary>
public abstract class PolicyHosting
{
    private protected PolicyHosting()
    {
    }

    /// <summary>The zone the DNS records go to when <see cref="MtaStsDomainArgs.Dns"/> is not set, or null when there is none.</summary>
    internal abstract DnsZone? DefaultZone { get; }

    /// <summary>Why <paramref name="zone"/> cannot be used with this hosting, or null when it can.</summary>
    internal virtual Diagnostic? Reject(DnsZone zone) => null;

    /// <summary>Why this hosting cannot serve the policy host <paramref name="hostName"/>, or null when it can.</summary>
    internal virtual Diagnostic? RejectHost(string hostName) => null;

    /// <summary>
    /// Creates the resources that serve the plan's policy at its URL, and its report endpoint when the plan has one
    /// (<see cref="DeploymentPlan.ReportEndpoint"/>, RFC 8460 §5.4), as children of <paramref name="parent"/>.
    /// </summary>
    internal abstract Served Serve(string name, DeploymentPlan plan, DnsZone zone, Resource parent);
}
