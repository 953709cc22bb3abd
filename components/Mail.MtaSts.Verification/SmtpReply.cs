namespace Mail.MtaSts.Verification;

/// <summary>An SMTP reply: its code and its text lines (RFC 5321 §4.2).</summary>
/// <param name="Code">The three-digit reply code.</param>
/// <param name="Lines">The text after the code, one entry per line.</param>
internal sealed record SmtpReply(int Code, IReadOnlyList<string> Lines);
