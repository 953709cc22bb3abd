namespace Mail.MtaSts.Reporting;

/// <summary>The period a report covers, the <c>date-range</c> of RFC 8460 §4.4 (normally one UTC day, §4.1).</summary>
/// <param name="Start">The <c>start-datetime</c>.</param>
/// <param name="End">The <c>end-datetime</c>.</param>
public sealed record DateRange(DateTimeOffset Start, DateTimeOffset End)
{
    /// <summary>The UTC day the report is counted under: the day of <see cref="Start"/>.</summary>
    public DateOnly Day => DateOnly.FromDateTime(Start.UtcDateTime);
}
