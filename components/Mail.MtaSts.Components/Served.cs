using Pulumi;

namespace Mail.MtaSts.Components;

/// <summary>What a hosting deployed for a plan.</summary>
/// <param name="Policy">Every resource that must be live before the policy id may be published (RFC 8461 §8.1).</param>
/// <param name="Reports">The report endpoint's resources when the plan collects reports, else null.</param>
internal sealed record Served(IReadOnlyList<Resource> Policy, ReportCollection? Reports);
