namespace Mail.MtaSts.Verification;

/// <summary>
/// The deployment against what was deployed (RFC 8461 §8.1): with an expected policy, the served bytes must be it and
/// the <c>_mta-sts</c> id must be its id, or senders keep an older policy (a stale CDN cache, an id not rotated).
/// </summary>
internal static class ExpectationChecks
{
    private const string Rfc8461Update = "RFC 8461 §8.1";

    /// <summary>
    /// Adds the id check to <paramref name="dnsChecks"/> and the bytes check to <paramref name="hostChecks"/>; nothing
    /// without an expected policy.
    /// </summary>
    internal static void Judge(byte[]? expectedPolicy, PolicyRecord? record, FetchOutcome? fetch, List<Check> dnsChecks, List<Check> hostChecks)
    {
        if (expectedPolicy is not { } expected)
        {
            return;
        }

        var expectedId = PolicyId.ForPolicy(expected);
        // Both checks always appear with an expectation: a pipeline matching on their ids sees one not passed.
        if (record is null)
        {
            dnsChecks.Add(new Check(CheckArea.Dns, CheckIds.DnsExpectedId, CheckStatus.Skip,
                $"no valid _mta-sts record to compare with the deployed policy's id {expectedId.Value}", Rfc8461Update));
        }
        else
        {
            dnsChecks.Add(record.Id.Value == expectedId.Value
                ? new Check(CheckArea.Dns, CheckIds.DnsExpectedId, CheckStatus.Pass, $"the id is {expectedId.Value}, the deployed policy's", Rfc8461Update)
                : new Check(CheckArea.Dns, CheckIds.DnsExpectedId, CheckStatus.Fail,
                    $"the id is {record.Id.Value}, but the deployed policy's is {expectedId.Value}: senders keep a cached older policy",
                    Rfc8461Update, $"Publish _mta-sts TXT \"v=STSv1; id={expectedId.Value}\" once the new policy is served"));
        }

        if (fetch?.Body is not { } body)
        {
            hostChecks.Add(new Check(CheckArea.PolicyHost, CheckIds.PolicyHostExpectedPolicy, CheckStatus.Skip,
                "no policy was served to compare with the deployed one", Rfc8461Update));
        }
        else
        {
            hostChecks.Add(body.AsSpan().SequenceEqual(expected)
                ? new Check(CheckArea.PolicyHost, CheckIds.PolicyHostExpectedPolicy, CheckStatus.Pass,
                    $"the served policy is the deployed one ({body.Length} bytes)", Rfc8461Update)
                : new Check(CheckArea.PolicyHost, CheckIds.PolicyHostExpectedPolicy, CheckStatus.Fail,
                    $"the served policy is not the deployed one: {PolicyDifference.First(body, expected)}; its id would be {PolicyId.ForPolicy(body).Value}",
                    Rfc8461Update, "Wait for or purge the CDN cache, then publish the id of the served policy"));
        }
    }
}
