namespace Mail.MtaSts;

/// <summary>
/// The deploy-time check of a plan against the domain's live MX records: every MX host a sender will find must be
/// covered by an <c>mx</c> pattern of the policy (RFC 8461 §4.1), or senders in enforce mode refuse to deliver to it
/// (RFC 8461 §5).
/// </summary>
public static class MxCoverage
{
    /// <summary>
    /// One diagnostic per live MX host that no pattern covers: an error in enforce mode unless
    /// <paramref name="allowUncovered"/>, a warning otherwise; none in mode none.
    /// </summary>
    /// <param name="plan">The deployment about to go live.</param>
    /// <param name="liveMx">The exchange names of the domain's MX records, as a sender resolves them.</param>
    /// <param name="allowUncovered">The user's explicit opt-out: report uncovered hosts as warnings in enforce mode.</param>
    public static IReadOnlyList<Diagnostic> Check(DeploymentPlan plan, IEnumerable<string> liveMx, bool allowUncovered)
    {
        var enforce = plan.Policy.Mode == PolicyMode.Enforce;
        var severity = enforce && !allowUncovered ? Severity.Error : Severity.Warning;
        var patterns = string.Join(", ", plan.Policy.Mx.Select(p => p.Value));
        var consequence = enforce
            ? "senders that enforce the policy will refuse to deliver to it (RFC 8461 §5)"
              + (allowUncovered ? "" : "; add a pattern for it, or opt out of this check to deploy anyway")
            : "senders will report failures for it by TLS-RPT and refuse it once the mode is enforce";
        return plan.Policy.Uncovered(liveMx.Select(host => host.TrimEnd('.')))
            .Select(host => new Diagnostic(severity, "mx", host,
                $"live MX host of {plan.Domain} is not covered by any mx pattern ({patterns}); {consequence}",
                "RFC 8461 §4.1"))
            .ToArray();
    }
}
