namespace Mail.MtaSts.Reporting;

/// <summary>A number of sessions under one key: a result type, a receiving MX, a sending IP.</summary>
/// <param name="Key">What was counted, e.g. <c>certificate-expired</c>.</param>
/// <param name="Sessions">The number of sessions.</param>
public sealed record SessionCount(string Key, long Sessions);
