using System.Net;
using System.Net.Http.Headers;
using Mail.MtaSts.Reporting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Mail.MtaSts.Tests.Reporting;

/// <summary>
/// Reports POSTed to an <c>https:</c> rua (RFC 8460 §5.4) read from a web server's request body, which refuses
/// synchronous reads: ASP.NET Core's does by default.
/// </summary>
public sealed class HttpsPostTests
{
    /// <summary>The example report of RFC 8460 §4.4, from the corpus (parsedmarc, see Corpus/tlsrpt/SOURCES.md).</summary>
    private static readonly byte[] Rfc8460Example = File.ReadAllBytes(CorpusFile.Path("parsedmarc-rfc8460.json"));

    [Theory]
    [InlineData(TlsReportReader.GzipMediaType, true)]
    [InlineData(TlsReportReader.JsonMediaType, false)]
    public async Task A_body_that_refuses_synchronous_reads_is_read_asynchronously(string contentType, bool gzip)
    {
        var body = new AsynchronousOnlyStream(gzip ? SyntheticReports.Gzip(Rfc8460Example) : Rfc8460Example);

        var result = await TlsReportReader.ReadHttpsPostAsync(body, contentType, "POST from 192.0.2.1");

        Assert.Null(result.Error);
        Assert.Equal("5065427c-23d3-47ca-b6e0-946ea0e8c4be", result.Report!.ReportId);
        Assert.Equal(303, result.Report.Policies[0].TotalFailureSessionCount);
        Assert.Empty(result.Report.Notes);
    }

    [Fact]
    public async Task The_async_reading_refuses_what_the_synchronous_one_refuses()
    {
        // A wrong media type is refused without reading the body; a body over the cap is refused, not held whole.
        var typed = await TlsReportReader.ReadHttpsPostAsync(new AsynchronousOnlyStream(Rfc8460Example), "application/json", "POST");
        var huge = await TlsReportReader.ReadHttpsPostAsync(
            new AsynchronousOnlyStream(new byte[TlsReportReader.MaxReportSize + 1]), TlsReportReader.JsonMediaType, "POST");
        var labelled = await TlsReportReader.ReadHttpsPostAsync(
            new AsynchronousOnlyStream(SyntheticReports.Gzip(Rfc8460Example)), TlsReportReader.JsonMediaType, "POST");

        Assert.Equal(("Content-Type", "RFC 8460 §5.4"), (typed.Error!.Diagnostic.Field, typed.Error.Diagnostic.Section));
        Assert.Equal(("(body)", "RFC 8460 §5.2"), (huge.Error!.Diagnostic.Field, huge.Error.Diagnostic.Section));
        Assert.Equal(("Content-Type", "RFC 8460 §5.2"), (Assert.Single(labelled.Report!.Notes).Field, labelled.Report.Notes[0].Section));
    }

    [Fact(Timeout = 60_000)]
    public async Task A_report_posted_to_Kestrel_is_read_from_its_request_body()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        await using var app = builder.Build();
        app.MapPost("/async", async (HttpRequest request) =>
        {
            var result = await TlsReportReader.ReadHttpsPostAsync(request.Body, request.ContentType, "POST", request.HttpContext.RequestAborted);
            return result.Report?.ReportId ?? result.Error!.Message;
        });
        app.MapPost("/sync", (HttpRequest request) =>
        {
            try
            {
                return TlsReportReader.ReadHttpsPost(request.Body, request.ContentType, "POST").Report?.ReportId ?? "error";
            }
            catch (InvalidOperationException e)
            {
                return e.Message;
            }
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        using var client = new HttpClient { BaseAddress = new Uri(address) };

        var read = await Post(client, "/async");
        var refused = await Post(client, "/sync");

        Assert.Equal("5065427c-23d3-47ca-b6e0-946ea0e8c4be", read);
        // The server is the real one: it refuses the synchronous reader, which is why the async one exists.
        Assert.Contains("Synchronous operations are disallowed", refused);
        await app.StopAsync();
    }

    private static async Task<string> Post(HttpClient client, string path)
    {
        using var content = new ByteArrayContent(SyntheticReports.Gzip(Rfc8460Example));
        content.Headers.ContentType = new MediaTypeHeaderValue(TlsReportReader.GzipMediaType);
        using var response = await client.PostAsync(new Uri(path, UriKind.Relative), content);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>A request body as ASP.NET Core gives it by default: forward only, every synchronous read refused.</summary>
    private sealed class AsynchronousOnlyStream(byte[] content) : Stream
    {
        private readonly MemoryStream inner = new(content);

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) =>
            throw new InvalidOperationException("Synchronous operations are disallowed. Call ReadAsync or set AllowSynchronousIO to true instead.");

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await Task.Yield();
            return inner.Read(buffer.Span);
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
