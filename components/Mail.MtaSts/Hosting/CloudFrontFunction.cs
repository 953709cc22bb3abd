using System.Text.Json;
using Mail.MtaSts.Hosted;

namespace Mail.MtaSts.Hosting;

/// <summary>
/// The CloudFront Function (viewer request) in front of the one private bucket that holds every hosted domain's policy
/// (RFC 8461 §8.2): GET or HEAD of <c>https://mta-sts.&lt;domain&gt;/.well-known/mta-sts.txt</c> is sent to the object
/// <see cref="ObjectKeyFor"/> of that Host; another path or a Host that is not a policy host answers 404, another method
/// 405. It lists no domain, so it stays the same as domains come and go, far below the functions' 10 KB limit.
/// </summary>
public static class CloudFrontFunction
{
    /// <summary>The CloudFront Functions runtime the script is written for.</summary>
    public const string Runtime = "cloudfront-js-2.0";

    /// <summary>The largest function CloudFront accepts: 10 KB.</summary>
    public const int SizeLimit = 10 * 1024;

    private static readonly Lazy<string> Rendered = new(() => ScriptTemplates.Render("cloudfront-function.js.sbn", new Dictionary<string, object>
    {
        ["runtime"] = Runtime,
        ["path"] = JsonSerializer.Serialize(DeploymentPlan.PolicyPath),
        // Letters and a hyphen: literal in a regular expression.
        ["host_label"] = DeploymentPlan.HostLabel,
        ["max_name"] = HostingProvider.MaxName,
    }));

    /// <summary>The function's code.</summary>
    public static string Code => Rendered.Value;

    /// <summary>
    /// The bucket key of a domain's policy: its Host and the well-known path, <c>mta-sts.example.com/.well-known/mta-sts.txt</c>;
    /// store <see cref="HostedDomain.PolicyBytes"/> there with <see cref="HostedDomain.ContentType"/> and
    /// <see cref="HostedDomain.CacheControl"/>.
    /// </summary>
    public static string ObjectKeyFor(HostedDomain domain) => domain.HostName + DeploymentPlan.PolicyPath;
}
