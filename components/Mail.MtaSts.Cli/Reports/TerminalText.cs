using System.Globalization;
using System.Text;

namespace Mail.MtaSts.Cli.Reports;

/// <summary>
/// Text from reports, made safe for a terminal: reports come from strangers, and a control character
/// (C0, DEL, C1) such as ESC would let one clear the screen or retitle the window of whoever reads the table
/// ("untrusted content", RFC 8460 §7).
/// Each is shown as <c>\xHH</c> instead.
/// </summary>
internal static class TerminalText
{
    public static string Printable(string text)
    {
        if (!text.Any(char.IsControl))
        {
            return text;
        }

        var printable = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            // Line breaks are control characters too, but inside a table cell or a one-line message they would only garble it.
            printable.Append(char.IsControl(c) ? string.Create(CultureInfo.InvariantCulture, $"\\x{(int)c:X2}") : c);
        }

        return printable.ToString();
    }
}
