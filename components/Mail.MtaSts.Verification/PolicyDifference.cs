using System.Text;

namespace Mail.MtaSts.Verification;

/// <summary>Where served policy bytes first differ from the expected ones, in words a deployer can act on.</summary>
internal static class PolicyDifference
{
    /// <summary>
    /// The first line that differs, e.g. <c>line 4 is "max_age: 86400", expected "max_age: 604800"</c>; lines compared
    /// without their CR, so bytes that differ only there are named as differing in their line endings.
    /// </summary>
    internal static string First(ReadOnlySpan<byte> served, ReadOnlySpan<byte> expected)
    {
        if (served.Length > Policy.MaxSize)
        {
            return $"the body is longer than {Policy.MaxSize} bytes, the most a policy may have (RFC 8461 §3.3)";
        }

        var servedLines = Encoding.UTF8.GetString(served).Split('\n');
        var expectedLines = Encoding.UTF8.GetString(expected).Split('\n');
        for (var i = 0; i < Math.Max(servedLines.Length, expectedLines.Length); i++)
        {
            var s = i < servedLines.Length ? servedLines[i].TrimEnd('\r') : null;
            var e = i < expectedLines.Length ? expectedLines[i].TrimEnd('\r') : null;
            if (s != e)
            {
                return $"line {i + 1} is {Quote(s)}, expected {Quote(e)}";
            }
        }

        return "the line endings differ";
    }

    private static string Quote(string? line) => line is null ? "missing" : $"\"{ServedText.Printable(line)}\"";
}
