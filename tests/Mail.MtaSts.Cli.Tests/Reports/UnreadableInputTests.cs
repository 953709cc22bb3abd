using Mail.MtaSts.Cli.Reports;
using Mail.MtaSts.Reporting;

namespace Mail.MtaSts.Cli.Tests.Reports;

/// <summary>A directory or file that cannot be read is one refused source, named with the reason; the batch goes on.</summary>
public class UnreadableInputTests
{
    [Fact]
    public void A_folder_that_vanishes_while_the_batch_runs_is_refused_by_name_and_the_others_are_read()
    {
        // A mail server or client moving a Maildir folder away mid-run: the listing named it, reading it failed with
        // DirectoryNotFoundException, which ended the whole batch. (Tests run as root, so chmod cannot make a folder unreadable.)
        using var work = new Workspace();
        work.Write("reports/a/rfc8460.json", File.ReadAllBytes(Workspace.Corpus("parsedmarc-rfc8460.json")));
        work.Write("reports/b/mail.ru.json", File.ReadAllBytes(Workspace.Corpus("parsedmarc-mail.ru.json")));
        work.Write("reports/c/smtp_tls.json", File.ReadAllBytes(Workspace.Corpus("parsedmarc-smtp_tls.json")));

        var results = new List<ReportReadResult>();
        foreach (var result in ReportInputs.Read([work.Path("reports")]))
        {
            results.Add(result);
            if (results.Count == 1)
            {
                Directory.Delete(work.Path("reports", "b"), recursive: true);
            }
        }

        Assert.Equal(
            [work.Path("reports", "a", "rfc8460.json"), work.Path("reports", "b"), work.Path("reports", "c", "smtp_tls.json")],
            results.Select(r => r.Source));
        Assert.Equal(["Company-X", "Example Inc."], results.Where(r => r.Report is not null).Select(r => r.Report!.OrganizationName));
        var refused = results[1].Error!;
        Assert.Equal("(directory)", refused.Diagnostic.Field);
        Assert.Contains(work.Path("reports", "b"), refused.Diagnostic.Value);
        Assert.StartsWith($"{work.Path("reports", "b")}: (directory) ", refused.Message);
    }

    [Fact]
    public void A_file_that_vanishes_while_the_batch_runs_is_refused_by_name_and_the_others_are_read()
    {
        using var work = new Workspace();
        File.Copy(Workspace.Corpus("parsedmarc-rfc8460.json"), work.Path("a.json"));
        File.Copy(Workspace.Corpus("parsedmarc-mail.ru.json"), work.Path("b.json"));
        File.Copy(Workspace.Corpus("parsedmarc-smtp_tls.json"), work.Path("c.json"));

        var results = new List<ReportReadResult>();
        foreach (var result in ReportInputs.Read([work.Root]))
        {
            results.Add(result);
            if (results.Count == 1)
            {
                File.Delete(work.Path("b.json"));
            }
        }

        Assert.Equal([work.Path("a.json"), work.Path("b.json"), work.Path("c.json")], results.Select(r => r.Source));
        Assert.Equal(("(file)", null), (results[1].Error!.Diagnostic.Field, results[1].Report));
    }

    [Fact]
    public void A_broken_link_in_a_folder_is_named_on_standard_error_and_the_command_exits_1()
    {
        // Through the real entry point: a link whose target is gone is listed as a file and cannot be opened.
        using var work = new Workspace();
        File.Copy(Workspace.Corpus("parsedmarc-rfc8460.json"), work.Path("rfc8460.json"));
        Directory.CreateDirectory(work.Path("gone"));
        File.CreateSymbolicLink(work.Path("link.json"), work.Path("gone", "report.json"));

        var (exit, output, error) = Cli.Run("reports", "summarize", work.Root, "--json");

        Assert.Equal(1, exit);
        Assert.Contains("\"reports\": 1", output);
        Assert.StartsWith($"refused: {work.Path("link.json")}: (file) ", error);
    }

    [Fact]
    public async Task A_named_pipe_in_a_folder_is_refused_unopened_instead_of_waiting_for_a_writer_forever()
    {
        // Opening a FIFO for reading blocks until something writes to it; found in a folder of reports, it hung the batch.
        using var work = new Workspace();
        File.Copy(Workspace.Corpus("parsedmarc-rfc8460.json"), work.Path("a.json"));
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", work.Path("b.pipe")))
        {
            await mkfifo.WaitForExitAsync();
        }

        var reading = Task.Run(() => ReportInputs.Read([work.Root]).ToList());
        try
        {
            var results = await reading.WaitAsync(TimeSpan.FromSeconds(20));

            Assert.Equal([work.Path("a.json"), work.Path("b.pipe")], results.Select(r => r.Source));
            Assert.Equal("Company-X", results[0].Report!.OrganizationName);
            var refused = results[1].Error!.Diagnostic;
            Assert.Equal(("(file)", work.Path("b.pipe")), (refused.Field, refused.Value));
            Assert.Contains("pipe", refused.Rule);
        }
        finally
        {
            if (!reading.IsCompleted)
            {
                // Release the reader stuck in open(2): a writer that opens and closes gives it end of file.
                await File.WriteAllBytesAsync(work.Path("b.pipe"), []);
            }
        }
    }
}
