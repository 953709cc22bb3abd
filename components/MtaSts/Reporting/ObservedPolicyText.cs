namespace MtaSts.Reporting;

/// <summary>Reads the mode and id of the MTA-STS policy a reporter quoted in its <c>policy-string</c> (RFC 8460 §4.5).</summary>
internal static class ObservedPolicyText
{
    /// <summary>The mode (lower-case) and the id of the policy text, each lines ended by LF.</summary>
    public static (string? Mode, string? Id) Read(string text)
    {
        // TEMPORARY until the core's Policy.Parse and PolicyId.ForPolicy land on main.
        var mode = text.Split('\n').Select(l => l.Split(':', 2)).FirstOrDefault(p => p.Length == 2 && p[0].Trim() == "mode")?[1].Trim().ToLowerInvariant();
        return (mode, null);
    }
}
