namespace Mail.MtaSts;

/// <summary>One step of bringing a deployment live, in the order the steps must happen.</summary>
/// <param name="Name">A short stable name, e.g. <c>publish-policy-record</c>.</param>
/// <param name="Description">What to do and why, in words.</param>
/// <param name="Section">The RFC section that requires this step or its place in the order.</param>
public sealed record DeploymentStep(string Name, string Description, string Section);
