namespace Mail.MtaSts.Verification;

/// <summary>What the policy host served, as judged: the body and policy, and whether a sender would use it.</summary>
internal sealed class FetchOutcome
{
    /// <summary>The body read (at most <see cref="Policy.MaxSize"/> bytes); <c>null</c> when none was read.</summary>
    internal byte[]? Body { get; set; }

    /// <summary>The policy parsed from the body, when it is valid (RFC 8461 §3.2).</summary>
    internal Policy? Policy { get; set; }

    /// <summary>Whether a sender would accept this fetch: trusted TLS, status 200, text/plain, in size, valid policy.</summary>
    internal bool Usable { get; set; }
}
