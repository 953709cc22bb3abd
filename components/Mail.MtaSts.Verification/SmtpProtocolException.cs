namespace Mail.MtaSts.Verification;

/// <summary>An SMTP server broke the protocol or a bound; reported as a check, never thrown to callers.</summary>
internal sealed class SmtpProtocolException(string message) : Exception(message);
