using System.Text.Json;
using Mail.MtaSts.Hosted;

namespace Mail.MtaSts.Hosting;

/// <summary>
/// Renders the one Cloudflare Worker (an ES module) that serves every domain of a <see cref="HostedPlan"/> by Host
/// (RFC 8461 §3.3, §8.2): GET or HEAD of <c>https://mta-sts.&lt;domain&gt;/.well-known/mta-sts.txt</c> answers 200 with
/// that domain's exact policy bytes, an unknown Host or another path 404, another method 405, never a redirect.
/// </summary>
public static class HostedWorkerScript
{
    /// <summary>The module name the script is uploaded and run under.</summary>
    public const string MainModule = "mta-sts-hosted.js";

    /// <summary>The Workers compatibility date the script is written for.</summary>
    public const string CompatibilityDate = WorkerScript.CompatibilityDate;

    /// <summary>
    /// The largest Worker Cloudflare accepts on the Workers Free plan, after gzip: 3 MB (10 MB on Workers Paid). Past it
    /// the policies belong in Workers KV keyed by Host, read by a Worker of constant size (docs/hosted.md).
    /// </summary>
    public const int FreePlanSizeLimit = 3 * 1024 * 1024;

    /// <summary>
    /// The Worker name for a provider: <c>mta-sts-hosted-</c> and its zone with dots as dashes, cut and ended with a hash
    /// past 63 characters (as <see cref="WorkerScript.NameFor(DomainName)"/>).
    /// </summary>
    public static string NameFor(HostingProvider provider) => WorkerScript.NameFor("mta-sts-hosted", DomainName.Parse(provider.Zone));

    /// <summary>
    /// Renders the Worker for <paramref name="plan"/>: a Map from each <see cref="HostedDomain.HostName"/> to its policy,
    /// in host order, so the same plan always gives the same script whatever the order of its domains.
    /// </summary>
    public static string Render(HostedPlan plan)
    {
        var entries = plan.Domains
            .OrderBy(d => d.HostName, StringComparer.Ordinal)
            .Select(d => new Entry(JsonSerializer.Serialize(d.HostName), JsonSerializer.Serialize(Ascii(d))))
            .ToList();
        return ScriptTemplates.Render("hosted-worker.js.sbn", new Dictionary<string, object>
        {
            // A JS comment line: the host name is an A-label (RFC 5890), so it cannot end the comment.
            ["policy_host"] = plan.Provider.PolicyHost,
            ["count"] = entries.Count,
            ["policies"] = entries,
            ["content_type"] = JsonSerializer.Serialize(DeploymentPlan.PolicyContentType),
            ["cache_control"] = JsonSerializer.Serialize(DeploymentPlan.PolicyCacheControl),
        });
    }

    /// <summary>The policy text, which the script sends as UTF-8: the core renders policies in ASCII (A-labels).</summary>
    private static string Ascii(HostedDomain domain) =>
        System.Text.Ascii.IsValid(domain.PolicyBytes)
            ? domain.PolicyText
            : throw new InvalidOperationException($"the policy of {domain.Domain} is not ASCII; the core renders A-labels only");

    /// <summary>One Map entry; both are JSON string literals, which are JS string literals.</summary>
    private sealed record Entry(string Host, string Text);
}
