using Mail.MtaSts.Reporting;
using MimeKit;

namespace Mail.MtaSts.Tests.Reporting;

/// <summary>
/// Report e-mails a mail admin forwarded (as a message/rfc822 part, attached or inline): the report inside is found once,
/// and RFC 8460 §5.3's header checks apply to the forwarded message's headers, not the forwarder's.
/// </summary>
public class ForwardedReportTests
{
    [Theory]
    [InlineData("parsedmarc-google.com_smtp_tls_report.eml", ContentDisposition.Attachment)]
    [InlineData("parsedmarc-google.com_smtp_tls_report.eml", ContentDisposition.Inline)]
    [InlineData("mox-example.eml", ContentDisposition.Attachment)]
    [InlineData("mox-example.eml", ContentDisposition.Inline)]
    public void A_forwarded_report_message_is_read_once_with_its_own_headers_checked(string file, string disposition)
    {
        // The forward was refused: "the message has no application/tlsrpt+gzip part", the report one level down never looked at.
        var original = File.ReadAllBytes(CorpusFile.Path(file));
        var direct = Assert.Single(TlsReportReader.Read(new MemoryStream(original), file)).Report!;
        var forward = SyntheticReports.Bytes(SyntheticReports.Forward(disposition, SyntheticReports.Load(original)));

        var result = Assert.Single(TlsReportReader.Read(new MemoryStream(forward), "fwd.eml"));

        Assert.Null(result.Error);
        Assert.Equal("fwd.eml", result.Source);
        Assert.Equal((direct.OrganizationName, direct.ReportId), (result.Report!.OrganizationName, result.Report.ReportId));
        // The forwarder has no TLS-Report-Domain, TLS-Report-Submitter or report subject; only the original's headers were checked.
        var forwarded = Assert.Single(result.Report.Notes.Except(direct.Notes));
        Assert.Equal(("(message)", "message/rfc822", "RFC 8460 §5.3"), (forwarded.Field, forwarded.Value, forwarded.Section));
        Assert.Equal(direct.Notes.Select(n => n.ToString()), result.Report.Notes.Where(n => n != forwarded).Select(n => n.ToString()));
    }

    [Fact]
    public void The_forwarded_message_headers_are_the_ones_compared_with_the_report()
    {
        var original = SyntheticReports.Load(File.ReadAllBytes(CorpusFile.Path("mox-example.eml")));
        original.Headers["TLS-Report-Domain"] = "other.example";
        var forward = SyntheticReports.Forward(ContentDisposition.Attachment, original);
        forward.Headers.Add("TLS-Report-Domain", "test.xmox.nl");

        var result = Assert.Single(TlsReportReader.Read(new MemoryStream(SyntheticReports.Bytes(forward)), "fwd.eml"));

        var mismatch = Assert.Single(result.Report!.Notes, n => n.Field == "TLS-Report-Domain");
        Assert.Equal(("other.example", "RFC 8460 §5.6"), (mismatch.Value, mismatch.Section));
    }

    [Fact]
    public void Several_reports_forwarded_in_one_message_are_each_read_once()
    {
        var google = SyntheticReports.Load(File.ReadAllBytes(CorpusFile.Path("parsedmarc-google.com_smtp_tls_report.eml")));
        var mox = SyntheticReports.Load(File.ReadAllBytes(CorpusFile.Path("mox-example.eml")));
        var forward = SyntheticReports.Bytes(SyntheticReports.Forward(ContentDisposition.Attachment, google, mox));

        var results = TlsReportReader.Read(new MemoryStream(forward), "fwd.eml").ToList();

        Assert.Equal(
            ["2024-09-03T00:00:00Z_cardinalhealth.ca", "2022-09-15T00:00:00Z_test.xmox.nl"],
            results.Select(r => r.Report!.ReportId));
    }

    [Fact]
    public void A_forward_of_a_forward_is_read_down_to_the_depth_bound_and_no_further()
    {
        var message = SyntheticReports.Load(File.ReadAllBytes(CorpusFile.Path("mox-example.eml")));
        for (var depth = 1; depth <= TlsReportReader.MaxForwardDepth; depth++)
        {
            message = SyntheticReports.Forward(ContentDisposition.Attachment, message);
        }

        var deepest = Assert.Single(TlsReportReader.Read(new MemoryStream(SyntheticReports.Bytes(message)), "fwd.eml"));
        Assert.Equal("2022-09-15T00:00:00Z_test.xmox.nl", deepest.Report!.ReportId);

        var tooDeep = SyntheticReports.Forward(ContentDisposition.Attachment, message);
        var refused = Assert.Single(TlsReportReader.Read(new MemoryStream(SyntheticReports.Bytes(tooDeep)), "fwd.eml"));

        Assert.Null(refused.Report);
        Assert.Equal(("(message)", "RFC 8460 §5.3"), (refused.Error!.Diagnostic.Field, refused.Error.Diagnostic.Section));
        Assert.Contains($"{TlsReportReader.MaxForwardDepth} levels", refused.Error.Diagnostic.Rule);
    }

    [Fact]
    public void A_report_found_beside_a_branch_nested_too_deep_carries_a_note_saying_so()
    {
        var nested = SyntheticReports.Load(File.ReadAllBytes(CorpusFile.Path("parsedmarc-google.com_smtp_tls_report.eml")));
        for (var depth = 1; depth <= TlsReportReader.MaxForwardDepth; depth++)
        {
            nested = SyntheticReports.Forward(ContentDisposition.Attachment, nested);
        }

        var mox = SyntheticReports.Load(File.ReadAllBytes(CorpusFile.Path("mox-example.eml")));
        var forward = SyntheticReports.Bytes(SyntheticReports.Forward(ContentDisposition.Attachment, mox, nested));

        var result = Assert.Single(TlsReportReader.Read(new MemoryStream(forward), "fwd.eml"));

        Assert.Equal("2022-09-15T00:00:00Z_test.xmox.nl", result.Report!.ReportId);
        Assert.Contains(result.Report.Notes, n => n.Field == "(message)" && n.Rule.Contains($"{TlsReportReader.MaxForwardDepth} levels", StringComparison.Ordinal));
    }
}
