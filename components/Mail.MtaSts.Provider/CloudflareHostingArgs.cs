using Mail.MtaSts.Components.Cloudflare;
using Pulumi;

namespace Mail.MtaSts.Provider;

/// <summary>The policy host on Cloudflare: a Worker on a Workers custom domain.</summary>
public sealed class CloudflareHostingArgs : ResourceArgs
{
    /// <summary>The Cloudflare account that owns the Worker.</summary>
    [Input("accountId", required: true)]
    public Input<string> AccountId { get; set; } = null!;

    /// <summary>The Cloudflare zone of the domain; the custom domain and, by default, the records go here.</summary>
    [Input("zoneId", required: true)]
    public Input<string> ZoneId { get; set; } = null!;

    /// <summary>The Worker name; the default is derived from the domain.</summary>
    [Input("scriptName")]
    public string? ScriptName { get; set; }

    internal CloudflareHosting ToHosting() => new() { AccountId = AccountId, ZoneId = ZoneId, ScriptName = ScriptName };
}
