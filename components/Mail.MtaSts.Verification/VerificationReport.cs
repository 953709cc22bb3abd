namespace Mail.MtaSts.Verification;

/// <summary>Everything the verifier observed about one domain.</summary>
public sealed class VerificationReport
{
    internal VerificationReport(string domain, IReadOnlyList<Check> checks, Policy? policy)
    {
        Domain = domain;
        Checks = checks;
        Policy = policy;
    }

    /// <summary>The domain as given to the verifier.</summary>
    public string Domain { get; }

    /// <summary>The checks, grouped by <see cref="CheckArea"/> in the order DNS, policy host, MX, TLS-RPT.</summary>
    public IReadOnlyList<Check> Checks { get; }

    /// <summary>
    /// The policy a sending MTA would apply (RFC 8461 §5): a valid <c>_mta-sts</c> record and a valid policy fetched
    /// over trusted HTTPS; <c>null</c> when a sender would find no policy.
    /// </summary>
    public Policy? Policy { get; }

    /// <summary>Whether any check failed.</summary>
    public bool Failed => Checks.Any(c => c.Status == CheckStatus.Fail);
}
