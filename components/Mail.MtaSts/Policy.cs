using System.Text;

namespace Mail.MtaSts;

/// <summary>
/// An MTA-STS policy (RFC 8461 §3.2): the mode, how long senders may cache it, and the MX host patterns it allows.
/// <see cref="ToString"/> renders the one canonical form this project serves; <see cref="Parse(string)"/> reads a
/// served body as a sender would and lists every problem.
/// </summary>
public sealed class Policy : IEquatable<Policy>
{
    /// <summary>The only version defined, <c>STSv1</c> (RFC 8461 §3.2).</summary>
    public const string Version = "STSv1";

    /// <summary>The largest <c>max_age</c>, 31557600 seconds (about one year) (RFC 8461 §3.2).</summary>
    public const long MaxMaxAge = 31_557_600;

    /// <summary>The body size senders are advised to stop reading at, 64 KiB (RFC 8461 §3.3).</summary>
    public const int MaxSize = 65_536;

    /// <summary>The media type of a served policy (RFC 8461 §3.2).</summary>
    public const string MediaType = "text/plain";

    /// <summary>Creates a policy, or throws an <see cref="MtaStsException"/> naming every rule it breaks.</summary>
    /// <param name="mode">The policy mode.</param>
    /// <param name="maxAge">Seconds senders may cache the policy, 0 to <see cref="MaxMaxAge"/>.</param>
    /// <param name="mx">The allowed MX patterns; at least one unless <paramref name="mode"/> is none.</param>
    public Policy(PolicyMode mode, long maxAge, IEnumerable<MxPattern> mx)
    {
        Mode = mode;
        MaxAge = maxAge;
        Mx = mx.ToArray();
        if (PolicyRules.Check(mode, maxAge, Mx.Count) is { } errors)
        {
            throw new MtaStsException(errors);
        }
    }

    /// <summary>The policy mode.</summary>
    public PolicyMode Mode { get; }

    /// <summary>Seconds a sender may cache the policy (RFC 8461 §3.2 <c>max_age</c>).</summary>
    public long MaxAge { get; }

    /// <summary>The MX host patterns, in policy order.</summary>
    public IReadOnlyList<MxPattern> Mx { get; }

    /// <summary>
    /// Whether senders hold the MX hosts to the <c>mx</c> patterns: in every mode but none, which is how a policy is
    /// retired and asks nothing of the MX hosts (RFC 8461 §5, §8.3).
    /// </summary>
    public bool ConstrainsMx => Mode != PolicyMode.None;

    /// <summary>
    /// The first pattern that covers the MX host <paramref name="host"/> (case and one trailing dot ignored), or
    /// <c>null</c> when none does (RFC 8461 §4.1: <c>*.example.com</c> covers exactly one left-most label).
    /// </summary>
    public MxPattern? Covering(string host) => Mx.FirstOrDefault(p => p.Matches(host));

    /// <summary>
    /// The MX hosts in <paramref name="mxHosts"/> that no pattern covers (RFC 8461 §4.1). Empty for mode none,
    /// which constrains nothing (<see cref="ConstrainsMx"/>).
    /// </summary>
    public IReadOnlyList<string> Uncovered(IEnumerable<string> mxHosts) =>
        ConstrainsMx ? mxHosts.Where(host => Covering(host) is null).ToArray() : [];

    /// <summary>
    /// The canonical body: <c>version</c>, <c>mode</c>, one <c>mx</c> line per pattern, then <c>max_age</c>; each
    /// line ends with LF and there is no byte order mark. LF is allowed by the ABNF (<c>sts-policy-term = LF /
    /// CRLF</c>, RFC 8461 §3.2) and is what the large providers serve; one fixed form keeps the bytes, and so the
    /// policy id, stable from build to build.
    /// </summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append("version: ").Append(Version).Append('\n');
        text.Append("mode: ").Append(Mode.ToWire()).Append('\n');
        foreach (var pattern in Mx)
        {
            text.Append("mx: ").Append(pattern.Value).Append('\n');
        }

        text.Append("max_age: ").Append(MaxAge).Append('\n');
        return text.ToString();
    }

    /// <summary>The exact bytes to serve: <see cref="ToString"/> in UTF-8 (all ASCII), no byte order mark.</summary>
    public byte[] ToBytes() => Encoding.ASCII.GetBytes(ToString());

    /// <summary>Parses a served policy body as a sender would, listing every problem and warning with its line.</summary>
    public static ParseResult<Policy> Parse(ReadOnlySpan<byte> body) => PolicyParser.Parse(body);

    /// <summary>Parses policy text (already decoded) as a sender would.</summary>
    public static ParseResult<Policy> Parse(string text) => PolicyParser.Parse(Encoding.UTF8.GetBytes(text));

    /// <inheritdoc />
    public bool Equals(Policy? other) =>
        other is not null && Mode == other.Mode && MaxAge == other.MaxAge && Mx.SequenceEqual(other.Mx);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as Policy);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Mode, MaxAge, Mx.Count);
}
