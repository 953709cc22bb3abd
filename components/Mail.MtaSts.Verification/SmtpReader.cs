using System.Globalization;
using System.Text;

namespace Mail.MtaSts.Verification;

/// <summary>
/// Reads SMTP replies with bounds: a line longer than <see cref="MaxLineLength"/> or a reply with more than
/// <see cref="MaxLines"/> lines is a protocol error, so a hostile server cannot make the verifier read without end.
/// It never reads past the end of a reply, so the stream can be handed to TLS after STARTTLS.
/// </summary>
internal sealed class SmtpReader(Stream stream)
{
    /// <summary>RFC 5321 §4.5.3.1.5: a reply line is at most 512 octets including CRLF.</summary>
    internal const int MaxLineLength = 512;

    /// <summary>The most lines accepted in one reply (an EHLO reply lists one extension per line).</summary>
    internal const int MaxLines = 64;

    private readonly byte[] one = new byte[1];

    /// <summary>Reads one complete reply.</summary>
    internal async Task<SmtpReply> ReadAsync(CancellationToken cancellationToken)
    {
        var lines = new List<string>();
        while (true)
        {
            var line = await ReadLineAsync(cancellationToken);
            // RFC 5321 §4.2: Reply-line = *( Reply-code "-" [ textstring ] CRLF ) Reply-code [ SP textstring ] CRLF
            if (line.Length < 3 || !int.TryParse(line.AsSpan(0, 3), NumberStyles.None, CultureInfo.InvariantCulture, out var code)
                || (line.Length > 3 && line[3] is not (' ' or '-')))
            {
                throw new SmtpProtocolException($"malformed reply line \"{Truncate(line)}\"");
            }

            lines.Add(line.Length > 4 ? line[4..] : "");
            if (line.Length == 3 || line[3] == ' ')
            {
                return new SmtpReply(code, lines);
            }

            if (lines.Count >= MaxLines)
            {
                throw new SmtpProtocolException($"a reply of more than {MaxLines} lines");
            }
        }
    }

    // Byte by byte so that nothing after the reply's last CRLF is consumed (the TLS handshake starts there).
    private async Task<string> ReadLineAsync(CancellationToken cancellationToken)
    {
        var line = new byte[MaxLineLength];
        var length = 0;
        while (true)
        {
            if (await stream.ReadAsync(one, cancellationToken) == 0)
            {
                throw new SmtpProtocolException(length == 0 ? "connection closed" : "connection closed in the middle of a line");
            }

            if (one[0] == '\n')
            {
                var end = length > 0 && line[length - 1] == '\r' ? length - 1 : length;
                return Encoding.Latin1.GetString(line, 0, end);
            }

            if (length == MaxLineLength - 1)
            {
                throw new SmtpProtocolException($"a reply line longer than {MaxLineLength} octets (RFC 5321 §4.5.3.1.5)");
            }

            line[length++] = one[0];
        }
    }

    private static string Truncate(string line) => line.Length <= 80 ? line : line[..80] + "...";
}
