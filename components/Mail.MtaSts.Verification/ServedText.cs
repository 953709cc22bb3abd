using System.Globalization;
using System.Text;

namespace Mail.MtaSts.Verification;

/// <summary>
/// Text a server sent (a policy value, a header, a TXT record, an SMTP reply, a certificate's names), made fit to be
/// quoted in a check's message.
/// </summary>
internal static class ServedText
{
    /// <summary>No cut: for text that is bounded already (a DNS record, an SMTP reply line, a certificate name).</summary>
    internal const int Whole = int.MaxValue;

    /// <summary>
    /// Served text made fit for a message: control characters, format characters (bidi overrides) and lone surrogates
    /// escaped, so a hostile server writes no terminal escapes into a report, and cut to <paramref name="max"/>
    /// characters (80 unless the text is bounded already: <see cref="Whole"/>), never between the two halves of a
    /// surrogate pair.
    /// </summary>
    internal static string Printable(string text, int max = 80)
    {
        var result = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var piece = char.IsSurrogatePair(text, i) ? text.Substring(i, 2)
                : char.IsControl(c) ? $"\\x{(int)c:X2}"
                : char.IsSurrogate(c) || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format ? $"\\u{(int)c:X4}"
                : c.ToString();
            if (result.Length + piece.Length > max)
            {
                return result.Append("...").ToString();
            }

            result.Append(piece);
            i += char.IsSurrogatePair(text, i) ? 1 : 0;
        }

        return result.ToString();
    }
}
