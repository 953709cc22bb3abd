using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Mail.MtaSts.Cli;

/// <summary><c>--max-age</c>: seconds, or a number with a unit <c>s</c>, <c>m</c>, <c>h</c>, <c>d</c> or <c>w</c> (e.g. <c>7d</c>).</summary>
internal static class MaxAgeOption
{
    public static Option<long> Create() => new("--max-age")
    {
        Description = "How long senders may cache the policy: seconds or 30m, 12h, 7d, 2w (0 to 31557600 s)",
        DefaultValueFactory = _ => PolicySettings.DefaultMaxAge,
        CustomParser = Parse,
    };

    private static long Parse(ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        var unit = text.Length > 0 && char.IsAsciiLetter(text[^1]) ? char.ToLowerInvariant(text[^1]) : 's';
        var number = char.IsAsciiLetter(text.LastOrDefault()) ? text[..^1] : text;
        long? factor = unit switch { 's' => 1, 'm' => 60, 'h' => 3600, 'd' => 86_400, 'w' => 604_800, _ => null };
        if (factor is null || !long.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ||
            n > Policy.MaxMaxAge / factor.Value * factor.Value || n * factor.Value > Policy.MaxMaxAge)
        {
            result.AddError($"--max-age \"{text}\": max_age is 0 to {Policy.MaxMaxAge} seconds, written as seconds or with " +
                "a unit s, m, h, d or w (RFC 8461 §3.2)");
            return 0;
        }

        return n * factor.Value;
    }
}
