using Mail.MtaSts.Reporting;

namespace Mail.MtaSts.Tests.Reporting;

/// <summary>
/// The report attachment's file name (RFC 8460 §5.1): <c>sender!policy-domain!begin-timestamp!end-timestamp[!unique-id].json[.gz]</c>.
/// It repeats what the body says; where it differs the body is right (§5.6) and the difference is a note.
/// </summary>
public class FileNameTests
{
    // The synthetic report is about example.com for 2026-11-02 UTC: 1793577600 to 1793663999 in seconds since 1970.
    [Theory]
    [InlineData("sender.example!example.com!1793577600!1793663999!001.json.gz", "")]
    [InlineData("sender.example!example.com!1793577600!1793663999.json.gz", "")]
    [InlineData("Sender.Example!EXAMPLE.COM!1793577600!1793663999!7.json.gz", "")]
    [InlineData("sender.example!example.org!1793577600!1793663999!001.json.gz", "filename RFC 8460 §5.6 policy-domain")]
    [InlineData("mail.other.example!example.com!1793577600!1793663999!001.json.gz", "filename RFC 8460 §5.6 contact-info")]
    [InlineData("sender.example!example.com!1793491200!1793663999!001.json.gz", "filename RFC 8460 §5.6 begin-timestamp")]
    [InlineData("sender.example!example.com!1793577600!1793664000!001.json.gz", "filename RFC 8460 §5.6 end-timestamp")]
    [InlineData("sender.example!example.com!1793577600!1793663999!001.json", "filename RFC 8460 §5.1 json.gz")]
    [InlineData("report.json.gz", "filename RFC 8460 §5.1 should be")]
    [InlineData("sender.example!example.com!1793577600!1793663999!0-1.json.gz", "filename RFC 8460 §5.1 should be")]
    public void The_attachment_name_is_checked_against_the_body(string fileName, string note)
    {
        var message = SyntheticReports.Message(SyntheticReports.Report(organization: "Sender"), fileName: fileName);

        var result = Assert.Single(TlsReportReader.ReadMessage(new MemoryStream(SyntheticReports.Bytes(message)), "msg.eml"));

        Assert.Null(result.Error);
        var notes = result.Report!.Notes;
        if (note.Length == 0)
        {
            Assert.Empty(notes);
            return;
        }

        // note: the field, the section ("RFC 8460 §5.x") and a word of the rule.
        var found = Assert.Single(notes);
        var expected = note.Split(' ', 5);
        Assert.Equal((expected[0], fileName, string.Join(' ', expected[1..4])), (found.Field, found.Value, found.Section));
        Assert.Contains(expected[4], found.Rule);
    }

    [Fact]
    public void A_report_part_without_a_file_name_is_read_with_a_note()
    {
        var message = SyntheticReports.Message(SyntheticReports.Report(organization: "Sender"));
        foreach (var part in message.BodyParts.OfType<MimeKit.MimePart>())
        {
            part.ContentDisposition = null;
            part.ContentType.Name = null;
        }

        var result = Assert.Single(TlsReportReader.ReadMessage(new MemoryStream(SyntheticReports.Bytes(message)), "msg.eml"));

        Assert.Equal(["filename (missing) RFC 8460 §5.1"], result.Report!.Notes.Select(n => $"{n.Field} {n.Value} {n.Section}"));
    }
}
