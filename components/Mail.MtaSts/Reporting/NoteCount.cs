namespace Mail.MtaSts.Reporting;

/// <summary>How many reports of one reporter carried the same deviation note.</summary>
/// <param name="Organization">The reporter's <c>organization-name</c>.</param>
/// <param name="Field">The field, with array indexes shown as <c>[*]</c>.</param>
/// <param name="Rule">What was odd and how it was read.</param>
/// <param name="Section">The RFC section.</param>
/// <param name="Reports">How many reports carried it.</param>
public sealed record NoteCount(string Organization, string Field, string Rule, string Section, long Reports);
