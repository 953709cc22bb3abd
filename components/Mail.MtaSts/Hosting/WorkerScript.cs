using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Mail.MtaSts.Hosting;

/// <summary>
/// Renders the Cloudflare Worker (an ES module) that serves a policy at <c>https://mta-sts.&lt;domain&gt;/.well-known/mta-sts.txt</c>
/// (RFC 8461 §3.3): GET or HEAD on the policy path answers 200 with the exact policy bytes, any other path 404,
/// any other method 405, and nothing is ever redirected.
/// </summary>
public static class WorkerScript
{
    /// <summary>The module name the script is uploaded and run under.</summary>
    public const string MainModule = "mta-sts.js";

    /// <summary>The Workers compatibility date the script is written for.</summary>
    public const string CompatibilityDate = "2025-01-01";

    /// <summary>The longest Worker name Cloudflare accepts (it becomes a DNS label on workers.dev, RFC 1035 §2.3.4).</summary>
    public const int MaxNameLength = 63;

    /// <summary>
    /// The Worker name for a domain: <c>mta-sts-</c> and the domain with dots as dashes, e.g.
    /// <c>mta-sts-example-com</c>; a name that would be too long is cut and ends in a hash of the domain, so
    /// distinct domains keep distinct names.
    /// </summary>
    public static string NameFor(DomainName domain) => NameFor(DeploymentPlan.HostLabel, domain);

    /// <summary><paramref name="prefix"/>, a dash and the domain with dots as dashes, cut and hashed as <see cref="NameFor(DomainName)"/>.</summary>
    internal static string NameFor(string prefix, DomainName domain)
    {
        var name = $"{prefix}-{domain.Value.Replace('.', '-')}";
        if (name.Length <= MaxNameLength)
        {
            return name;
        }
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.ASCII.GetBytes(domain.Value)), 0, 4).ToLowerInvariant();
        return $"{name[..(MaxNameLength - hash.Length - 1)].TrimEnd('-')}-{hash}";
    }

    /// <summary>
    /// Renders the Worker that serves <paramref name="plan"/>'s policy: exactly <see cref="DeploymentPlan.PolicyBytes"/>
    /// with <see cref="DeploymentPlan.ContentType"/> and <see cref="DeploymentPlan.CacheControl"/>.
    /// </summary>
    public static string Render(DeploymentPlan plan) =>
        Render(plan.HostName, plan.PolicyBytes, plan.ContentType, plan.CacheControl);

    /// <summary>
    /// Renders the script for a policy: the policy bytes are inlined as base64 and the response headers as JSON
    /// string literals, so the script serves exactly <paramref name="policyBytes"/> with these headers.
    /// </summary>
    internal static string Render(string hostName, ReadOnlySpan<byte> policyBytes, string contentType, string cacheControl) =>
        ScriptTemplates.Render("worker.js.sbn", new Dictionary<string, object>
        {
            // A JS comment line: the host name is an A-label (RFC 5890), so it cannot end the comment.
            ["host_name"] = hostName,
            ["policy_base64"] = Convert.ToBase64String(policyBytes),
            ["content_type"] = JsonSerializer.Serialize(contentType),
            ["cache_control"] = JsonSerializer.Serialize(cacheControl),
        });
}
