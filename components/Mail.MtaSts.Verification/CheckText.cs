using System.Security.Authentication;

namespace Mail.MtaSts.Verification;

/// <summary>How the checks word what they observed: diagnostics, CNAMEs, addresses left out, TLS versions.</summary>
internal static class CheckText
{
    /// <summary>A diagnostic without its section, which a <see cref="Check"/> carries separately.</summary>
    internal static string Describe(Diagnostic diagnostic)
    {
        var value = ServedText.Printable(diagnostic.Value);
        var line = diagnostic.Line is { } number ? $"line {number}: " : "";
        // The field (an extension name) and the rule (quoting a label of an mx pattern) may hold served text too.
        return $"{line}{ServedText.Printable(diagnostic.Field, ServedText.Whole)} \"{value}\": {ServedText.Printable(diagnostic.Rule, ServedText.Whole)}";
    }

    internal static CheckStatus Status(Diagnostic diagnostic) =>
        diagnostic.Severity == Severity.Error ? CheckStatus.Fail : CheckStatus.Warn;

    /// <summary>The addresses a connection left out (<see cref="Destination"/>), for the check that names the one it used.</summary>
    internal static string NotConnectedTo(List<string> refused) => refused.Count == 0 ? "" : "; " + string.Join("; ", refused);

    internal static string Via(string name, string canonical) =>
        string.Equals(name, canonical, StringComparison.OrdinalIgnoreCase) ? "" : $" (CNAME to {canonical})";

    internal static string Name(SslProtocols protocol) => protocol switch
    {
        SslProtocols.Tls13 => "TLS 1.3",
        SslProtocols.Tls12 => "TLS 1.2",
        _ => protocol.ToString(),
    };
}
