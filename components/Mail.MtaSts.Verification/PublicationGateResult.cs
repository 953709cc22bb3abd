using System.Globalization;

namespace Mail.MtaSts.Verification;

/// <summary>
/// What a <see cref="PublicationGate"/> saw while it waited: whether the new bytes were served on enough fetches in a
/// row, and otherwise exactly what was served instead. <see cref="Message"/> says it in one paragraph.
/// </summary>
public sealed class PublicationGateResult
{
    internal PublicationGateResult(
        Uri policyUrl, PolicyId expectedId, int consecutiveMatches, bool observed, int fetches, int matches, int lastRun, bool flapped,
        TimeSpan elapsed, TimeSpan maxWait, ServedPolicy? servedInstead)
    {
        PolicyUrl = policyUrl;
        ExpectedId = expectedId;
        Observed = observed;
        Fetches = fetches;
        Matches = matches;
        Flapped = flapped;
        Elapsed = elapsed;
        ServedInstead = servedInstead;
        Message = Describe(consecutiveMatches, lastRun, maxWait);
    }

    /// <summary>The URL fetched, <c>https://mta-sts.&lt;domain&gt;/.well-known/mta-sts.txt</c>.</summary>
    public Uri PolicyUrl { get; }

    /// <summary>The id of the expected bytes: the one to publish once they are served.</summary>
    public PolicyId ExpectedId { get; }

    /// <summary>Whether the expected bytes were served on <see cref="PublicationGateOptions.ConsecutiveMatches"/> fetches in a row.</summary>
    public bool Observed { get; }

    /// <summary>How many fetches were made.</summary>
    public int Fetches { get; }

    /// <summary>How many of them got the expected bytes.</summary>
    public int Matches { get; }

    /// <summary>
    /// Whether the host served the expected bytes and then something else: edges or versions not all updated, a
    /// load balancer with an old backend.
    /// </summary>
    public bool Flapped { get; }

    /// <summary>How long the gate waited, fetches included.</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>The last fetch that did not get the expected bytes: what was served instead; <c>null</c> when every fetch got them.</summary>
    public ServedPolicy? ServedInstead { get; }

    /// <summary>
    /// The outcome in words: the URL, the expected id, the fetches, and unless every fetch got the bytes, what the last
    /// one that did not got instead (status, content type, the first differing line, the id those bytes would have).
    /// </summary>
    public string Message { get; }

    /// <summary>The <see cref="Message"/>.</summary>
    public override string ToString() => Message;

    private string Describe(int required, int lastRun, TimeSpan maxWait)
    {
        var what = $"{PolicyUrl} {(Observed ? "served" : "did not serve")} the new policy (id {ExpectedId.Value}) on {required} fetch{Plural(required)} in a row";
        var fetches = $"{Fetches} fetch{Plural(Fetches)} in {Seconds(Elapsed)}";
        var instead = ServedInstead is null ? "" : $"; the last answer without it: {ServedInstead}";
        if (Observed)
        {
            var before = Flapped ? "; before that it alternated between the new policy and other answers" : "";
            return $"{what}, after {fetches}{before}{instead}";
        }

        var seen = true switch
        {
            _ when Matches == 0 => "none got it",
            _ when Flapped => $"{Matches} got it but never {required} in a row: the host alternates between the new policy and other "
                + "answers (edges, versions or servers not all updated)",
            _ => $"the last {lastRun} got it, too late for {required} in a row",
        };
        return $"{what} within {Seconds(maxWait)}: {fetches}, {seen}{instead}";
    }

    private static string Plural(int count) => count == 1 ? "" : "es";

    private static string Seconds(TimeSpan time) => time.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture) + " s";
}
