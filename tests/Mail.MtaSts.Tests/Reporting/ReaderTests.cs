using System.IO.Compression;
using System.Text;
using Mail.MtaSts.Reporting;
using MimeKit;

namespace Mail.MtaSts.Tests.Reporting;

/// <summary>Reports delivered as gzip (§5.2), e-mail (§5.3), mbox and HTTPS POST bodies (§5.4).</summary>
public class ReaderTests
{
    [Fact]
    public void A_gzip_report_is_read_like_its_json()
    {
        var json = SyntheticReports.Json(SyntheticReports.Report(failures: [("certificate-expired", 4, "198.51.100.1", "mx1.example.com")]));

        var result = Assert.Single(TlsReportReader.Read(new MemoryStream(SyntheticReports.Gzip(json)), "r.json.gz"));

        Assert.Null(result.Error);
        Assert.Equal(4, result.Report!.Policies[0].TotalFailureSessionCount);
    }

    [Fact]
    public void A_gzip_bomb_is_refused_without_expanding_it_all()
    {
        // 64 MiB of spaces compress to about 64 KiB; a valid report could follow them and still be refused.
        var bomb = new MemoryStream();
        using (var gzip = new GZipStream(bomb, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            var spaces = Encoding.ASCII.GetBytes(new string(' ', 1024 * 1024));
            for (var i = 0; i < 64; i++)
            {
                gzip.Write(spaces);
            }

            gzip.Write(SyntheticReports.Json(SyntheticReports.Report()));
        }

        Assert.True(bomb.Length < TlsReportReader.MaxReportSize / 64);
        bomb.Position = 0;
        var result = Assert.Single(TlsReportReader.Read(bomb, "bomb.json.gz"));

        Assert.Null(result.Report);
        Assert.Equal(("(gzip)", "RFC 8460 §5.2"), (result.Error!.Diagnostic.Field, result.Error.Diagnostic.Section));
        Assert.StartsWith("bomb.json.gz: (gzip) ", result.Error.Message);
        Assert.Contains("gzip bomb", result.Error.Message);
    }

    [Fact]
    public void A_json_report_after_more_blank_lines_than_the_sniffed_head_is_read_as_json()
    {
        // Only the first 64 bytes are looked at; all white space there was taken for an e-mail message and refused.
        var json = (byte[])[.. Enumerable.Repeat((byte)'\n', 100), .. SyntheticReports.Json(SyntheticReports.Report(successful: 3))];

        var result = Assert.Single(TlsReportReader.Read(new MemoryStream(json), "padded.json"));

        Assert.Null(result.Error);
        Assert.Equal(3, result.Report!.Policies[0].TotalSuccessfulSessionCount);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_message_with_a_huge_part_is_read_without_copying_that_part_into_memory(bool mbox)
    {
        // A Maildir or mbox also holds ordinary mail: a 64 MiB attachment beside the report was copied whole into memory,
        // so a multi-gigabyte message ran the summary out of memory. Counted in bytes allocated, not in time.
        var message = SyntheticReports.Message(SyntheticReports.Report(successful: 8));
        ((Multipart)message.Body!).Add(new MimePart("application", "octet-stream")
        {
            Content = new MimeContent(new MemoryStream(new byte[64 * 1024 * 1024])),
            ContentTransferEncoding = ContentEncoding.Binary,
        });
        var bytes = SyntheticReports.Bytes(message);
        var stream = new MemoryStream(mbox ? SyntheticReports.Mbox(bytes) : bytes);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var result = Assert.Single(TlsReportReader.Read(stream, "big.eml"));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(8, result.Report!.Policies[0].TotalSuccessfulSessionCount);
        Assert.True(allocated < 16 * 1024 * 1024, $"{allocated:N0} bytes allocated to read a message with a 64 MiB part");
    }

    [Fact]
    public void A_gzip_report_just_under_the_cap_is_read()
    {
        var report = SyntheticReports.Json(SyntheticReports.Report());
        var padded = new byte[TlsReportReader.MaxReportSize];
        Array.Fill(padded, (byte)' ');
        report.CopyTo(padded, 0);

        var result = Assert.Single(TlsReportReader.Read(new MemoryStream(SyntheticReports.Gzip(padded)), "big.json.gz"));

        Assert.Null(result.Error);
    }

    [Fact]
    public void A_truncated_gzip_stream_is_refused_naming_gzip()
    {
        var gzip = SyntheticReports.Gzip(SyntheticReports.Json(SyntheticReports.Report()));

        var result = Assert.Single(TlsReportReader.Read(new MemoryStream(gzip[..(gzip.Length / 2)]), "cut.json.gz"));

        Assert.NotNull(result.Error);
        Assert.StartsWith("cut.json.gz: ", result.Error.Message);
    }

    [Fact]
    public void A_report_message_that_agrees_with_its_body_has_no_notes()
    {
        var message = SyntheticReports.Bytes(SyntheticReports.Message(SyntheticReports.Report(organization: "Sender")));

        var result = Assert.Single(TlsReportReader.Read(new MemoryStream(message), "msg.eml"));

        Assert.Null(result.Error);
        Assert.Empty(result.Report!.Notes);
    }

    [Fact]
    public void Headers_that_disagree_with_the_body_are_notes_and_the_body_wins()
    {
        var report = SyntheticReports.Report(organization: "Sender", domain: "example.com", reportId: "id-1");
        var message = SyntheticReports.Bytes(SyntheticReports.Message(report, headerDomain: "example.org",
            fileName: "sender.example!example.org!1793577600!1793663999!001.json.gz"));

        var result = Assert.Single(TlsReportReader.Read(new MemoryStream(message), "msg.eml"));

        Assert.Equal("example.com", result.Report!.Policies[0].Policy.PolicyDomain);
        Assert.Equal("id-1", result.Report.ReportId);
        Assert.Equal(
            ["TLS-Report-Domain example.org", "Subject example.org", "filename sender.example!example.org!1793577600!1793663999!001.json.gz"],
            result.Report.Notes.Select(n => $"{n.Field} {n.Value}"));
        Assert.All(result.Report.Notes, n => Assert.Equal("RFC 8460 §5.6", n.Section));
    }

    [Theory]
    [InlineData("<2026.11.02T00.00.00Z+example.com@sender.example>", "")]
    [InlineData("<735ff.e317+bf22029@example.net>", "")]
    [InlineData("2026-11-02T00:00:00Z_example.com", "Subject 2026-11-02T00:00:00Z_example.com RFC 8460 §5.3")]
    [InlineData("<2026-11-02T00:00:00Z_example.com>", "Subject <2026-11-02T00:00:00Z_example.com> RFC 8460 §5.3")]
    public void The_subject_report_id_is_a_message_id_not_the_body_report_id(string subjectId, string note)
    {
        // RFC 8460 §5.3: the subject's Report-ID is "<" id-left "@" id-right ">", for telling repeated deliveries apart;
        // the body's report-id is any string (§4.4). Google's differ on every report, as they must.
        var message = SyntheticReports.Message(SyntheticReports.Report(organization: "Sender"));
        message.Subject = $"Report Domain: example.com Submitter: sender.example Report-ID: {subjectId}";

        var result = Assert.Single(TlsReportReader.ReadMessage(new MemoryStream(SyntheticReports.Bytes(message)), "msg.eml"));

        Assert.Equal(note, string.Join(" | ", result.Report!.Notes.Select(n => $"{n.Field} {n.Value} {n.Section}")));
    }

    [Fact]
    public void A_submitter_unrelated_to_the_contact_is_a_note()
    {
        var message = SyntheticReports.Message(SyntheticReports.Report(organization: "Sender"));
        message.Headers["TLS-Report-Submitter"] = "other.example";

        var result = Assert.Single(TlsReportReader.ReadMessage(new MemoryStream(SyntheticReports.Bytes(message)), "msg.eml"));

        Assert.Equal(["TLS-Report-Submitter", "Subject"], result.Report!.Notes.Select(n => n.Field));
    }

    [Theory]
    [InlineData("sender.example", "")]
    [InlineData("SENDER.example.", "")]
    // RFC 8460 §5.3: the TLS-Report-Submitter value MUST match the domain of the report's contact-info; a parent or a child is no match.
    [InlineData("mail.sender.example", "TLS-Report-Submitter mail.sender.example RFC 8460 §5.3")]
    [InlineData("example", "TLS-Report-Submitter example RFC 8460 §5.3")]
    public void The_submitter_must_be_the_domain_of_the_contact(string submitter, string note)
    {
        var report = SyntheticReports.Report(organization: "Sender");
        report["contact-info"] = "tls-reports@sender.example";
        var message = SyntheticReports.Message(report);
        message.Headers["TLS-Report-Submitter"] = submitter;
        message.Subject = message.Subject!.Replace("Submitter: sender.example", $"Submitter: {submitter}");

        var result = Assert.Single(TlsReportReader.ReadMessage(new MemoryStream(SyntheticReports.Bytes(message)), "msg.eml"));

        Assert.Equal(note, string.Join(" | ", result.Report!.Notes.Select(n => $"{n.Field} {n.Value} {n.Section}")));
    }

    [Fact]
    public void A_message_without_a_report_part_is_refused_naming_the_content_type()
    {
        var message = new MimeMessage { Subject = "hello", Body = new TextPart("plain") { Text = "no report here" } };

        var result = Assert.Single(TlsReportReader.ReadMessage(new MemoryStream(SyntheticReports.Bytes(message)), "hello.eml"));

        Assert.Null(result.Report);
        Assert.Equal(("Content-Type", "text/plain", "RFC 8460 §5.3"), (result.Error!.Diagnostic.Field, result.Error.Diagnostic.Value, result.Error.Diagnostic.Section));
    }

    [Fact]
    public void An_attachment_labelled_application_gzip_is_read_from_its_file_name_with_a_note()
    {
        var message = SyntheticReports.Message(SyntheticReports.Report());
        var part = message.BodyParts.OfType<MimePart>().Single(p => p.FileName is not null);
        part.ContentType.MediaSubtype = "gzip";

        var result = Assert.Single(TlsReportReader.ReadMessage(new MemoryStream(SyntheticReports.Bytes(message)), "msg.eml"));

        Assert.Null(result.Error);
        Assert.Contains(result.Report!.Notes, n => n is { Field: "Content-Type", Value: "application/gzip" });
    }

    [Fact]
    public void A_malformed_message_in_an_mbox_does_not_stop_the_others()
    {
        var good1 = SyntheticReports.Bytes(SyntheticReports.Message(SyntheticReports.Report(reportId: "a")));
        var broken = SyntheticReports.Message(SyntheticReports.Report(reportId: "b"));
        var part = broken.BodyParts.OfType<MimePart>().Single(p => p.FileName is not null);
        part.Content = new MimeContent(new MemoryStream(SyntheticReports.Gzip("""
            {"organization-name":"Sender","date-range":{"start-datetime":"2026-11-02T00:00:00Z","end-datetime":"2026-11-02T23:59:59Z"},"report-id":"b","policies":3}
            """u8.ToArray())));
        var good2 = SyntheticReports.Bytes(SyntheticReports.Message(SyntheticReports.Report(reportId: "c")));
        var mbox = SyntheticReports.Mbox(good1, SyntheticReports.Bytes(broken), good2);

        var results = TlsReportReader.Read(new MemoryStream(mbox), "inbox.mbox").ToList();

        Assert.Equal(["inbox.mbox#1", "inbox.mbox#2", "inbox.mbox#3"], results.Select(r => r.Source));
        Assert.Equal(["a", "c"], results.Where(r => r.Report is not null).Select(r => r.Report!.ReportId));
        Assert.StartsWith("inbox.mbox#2: policies \"3\"", results[1].Error!.Message);
    }

    [Fact]
    public void A_stream_that_cannot_seek_is_read()
    {
        var message = SyntheticReports.Bytes(SyntheticReports.Message(SyntheticReports.Report()));

        var result = Assert.Single(TlsReportReader.Read(new ForwardOnlyStream(message), "pipe"));

        Assert.Null(result.Error);
    }

    [Fact]
    public void A_piped_mailbox_gives_its_first_report_before_the_pipe_is_read_to_its_end()
    {
        // A stream that cannot seek (standard input) was copied whole before its first message was parsed, so a mailbox
        // piped in was held in memory entire. MimeKit parses such a stream as it comes, keeping one message at a time.
        var google = File.ReadAllBytes(CorpusFile.Path("parsedmarc-google.com_smtp_tls_report.eml"));
        var mox = File.ReadAllBytes(CorpusFile.Path("mox-example.eml"));
        var pipe = new ForwardOnlyStream(SyntheticReports.Mbox([.. Enumerable.Range(0, 100).SelectMany(_ => new[] { google, mox })]));

        using var results = TlsReportReader.Read(pipe, "stdin").GetEnumerator();

        Assert.True(results.MoveNext());
        Assert.Equal(("stdin#1", "2024-09-03T00:00:00Z_cardinalhealth.ca"), (results.Current.Source, results.Current.Report!.ReportId));
        Assert.True(pipe.Position < pipe.Length / 10, $"{pipe.Position:N0} of {pipe.Length:N0} bytes read for the first message");
        var rest = 0;
        while (results.MoveNext())
        {
            Assert.Null(results.Current.Error);
            rest++;
        }

        Assert.Equal(199, rest);
    }

    [Fact]
    public void A_huge_json_body_from_a_stream_that_cannot_seek_is_refused_without_holding_it_all()
    {
        // A pipe was copied whole before the cap applied: 64 MiB of JSON took 128 MiB of buffers, only to be refused.
        var body = new byte[64 * 1024 * 1024];
        Array.Fill(body, (byte)' ');
        body[0] = (byte)'{';

        var before = GC.GetAllocatedBytesForCurrentThread();
        var result = Assert.Single(TlsReportReader.Read(new ForwardOnlyStream(body), "pipe"));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(("(body)", "RFC 8460 §5.2"), (result.Error!.Diagnostic.Field, result.Error.Diagnostic.Section));
        Assert.True(allocated < 48 * 1024 * 1024, $"{allocated:N0} bytes allocated to refuse a 64 MiB body");
    }

    [Theory]
    [InlineData("application/tlsrpt+gzip", true, null)]
    [InlineData("application/tlsrpt+json", false, null)]
    [InlineData("application/tlsrpt+json; charset=utf-8", false, null)]
    [InlineData("application/tlsrpt+json", true, "Content-Type")]
    [InlineData("application/json", false, "error")]
    [InlineData(null, false, "error")]
    public void An_https_post_body_is_read_by_its_content_type(string? contentType, bool gzip, string? outcome)
    {
        var json = SyntheticReports.Json(SyntheticReports.Report());
        var body = new MemoryStream(gzip ? SyntheticReports.Gzip(json) : json);

        var result = TlsReportReader.ReadHttpsPost(body, contentType, "POST from 192.0.2.1");

        switch (outcome)
        {
            case null:
                Assert.Empty(result.Report!.Notes);
                break;
            case "error":
                Assert.Equal(("Content-Type", "RFC 8460 §5.4"), (result.Error!.Diagnostic.Field, result.Error.Diagnostic.Section));
                Assert.StartsWith("POST from 192.0.2.1: Content-Type", result.Error.Message);
                break;
            default:
                Assert.Equal(outcome, Assert.Single(result.Report!.Notes).Field);
                break;
        }
    }

    [Fact]
    public void A_json_array_is_refused_as_json_not_read_as_a_message()
    {
        var result = Assert.Single(TlsReportReader.Read(new MemoryStream("\n [ {\"report-id\": \"x\"} ]"u8.ToArray()), "list.json"));

        Assert.Equal(("(document)", "RFC 8460 §4.4"), (result.Error!.Diagnostic.Field, result.Error.Diagnostic.Section));
    }

    private sealed class ForwardOnlyStream(byte[] content) : MemoryStream(content)
    {
        public override bool CanSeek => false;
    }
}
