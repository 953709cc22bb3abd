using System.Text.Json;
using Scriban;
using Scriban.Runtime;

namespace MtaSts.Hosting;

/// <summary>
/// Renders the Cloudflare Worker (an ES module) that serves a policy at <c>https://mta-sts.&lt;domain&gt;/.well-known/mta-sts.txt</c>
/// (RFC 8461 §3.3): GET or HEAD on the policy path answers 200 with the exact policy bytes, any other path 404,
/// any other method 405, and nothing is ever redirected.
/// </summary>
public static class WorkerScript
{
    /// <summary>The module name the script is uploaded and run under.</summary>
    public const string ModuleName = "mta-sts.js";

    /// <summary>The Workers compatibility date the script is written for.</summary>
    public const string CompatibilityDate = "2025-01-01";

    private static readonly Template Template = LoadTemplate();

    /// <summary>
    /// Renders the script for a policy: the policy bytes are inlined as base64 and the response headers as JSON
    /// string literals, so the script serves exactly <paramref name="policyBytes"/> with these headers.
    /// </summary>
    internal static string Render(string hostName, ReadOnlySpan<byte> policyBytes, string contentType, string cacheControl)
    {
        var model = new ScriptObject
        {
            // A JS comment line: the host name is an A-label (RFC 5890), so it cannot end the comment.
            ["host_name"] = hostName,
            ["policy_base64"] = Convert.ToBase64String(policyBytes),
            ["content_type"] = JsonSerializer.Serialize(contentType),
            ["cache_control"] = JsonSerializer.Serialize(cacheControl),
        };
        var context = new TemplateContext { StrictVariables = true };
        context.PushGlobal(model);
        return Template.Render(context);
    }

    private static Template LoadTemplate()
    {
        using var stream = typeof(WorkerScript).Assembly.GetManifestResourceStream("MtaSts.Hosting.worker.js.sbn")
            ?? throw new InvalidOperationException("the embedded resource MtaSts.Hosting.worker.js.sbn is missing");
        using var reader = new StreamReader(stream);
        var template = Template.Parse(reader.ReadToEnd(), "worker.js.sbn");
        if (template.HasErrors)
        {
            throw new InvalidOperationException($"worker.js.sbn: {string.Join("; ", template.Messages)}");
        }
        return template;
    }
}
