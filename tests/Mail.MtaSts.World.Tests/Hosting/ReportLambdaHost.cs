using System.Diagnostics;
using System.Text;
using System.Xml.Linq;
using Mail.MtaSts.Hosting;

namespace Mail.MtaSts.World.Tests.Hosting;

/// <summary>
/// The report Lambda handler the core renders, run for real under Node by <c>tests/world/lambda/harness.mjs</c>: each
/// HTTP request on loopback becomes a function URL event (payload format 2.0), and the handler stores through the AWS SDK
/// v3 S3 client into s3rver, an S3-compatible server from npm (both pinned in tests/world/lambda/package-lock.json,
/// installed by tests/world/install.sh). Syncing reads the bucket back through s3rver's S3 REST API, as <c>aws s3 sync</c> does.
/// </summary>
public sealed class ReportLambdaHost : IReportEndpointHost, IAsyncLifetime
{
    private const string Bucket = "reports";

    private readonly StringBuilder log = new();
    private readonly List<string> synced = [];
    private string work = "";
    private Process? harness;
    private int port;
    private int s3Port;
    private HttpClient? s3;

    public HttpClient CreateClient() =>
        new(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(30) };

    public async Task<IReadOnlyList<string>> KeysAsync() => await ListAsync(ReportEndpoint.KeyPrefix);

    public async Task<StoredReports> SyncAsync(string prefix)
    {
        var directory = Directory.CreateTempSubdirectory("mtasts-reports-s3-").FullName;
        synced.Add(directory);
        var objects = new List<StoredObject>();
        foreach (var key in await ListAsync(prefix))
        {
            using var response = await S3().GetAsync($"{Bucket}/{key}");
            response.EnsureSuccessStatusCode();
            var bytes = await response.Content.ReadAsByteArrayAsync();
            var file = Path.Combine(directory, key);
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            await File.WriteAllBytesAsync(file, bytes);
            objects.Add(new StoredObject(key, bytes, response.Content.Headers.ContentType?.ToString(),
                response.Headers.TryGetValues("x-amz-meta-received-at", out var received) ? received.Single() : null));
        }

        return new StoredReports(directory, objects);
    }

    public string Log()
    {
        lock (log)
        {
            return log.ToString();
        }
    }

    public async Task InitializeAsync()
    {
        var lambda = HarnessDirectory();
        // Under the harness's folder, so that the handler's import of @aws-sdk/client-s3 resolves to its node_modules.
        work = Path.Combine(lambda, ".run", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(work);
        var handler = Path.Combine(work, ReportLambdaScript.FileName);
        File.WriteAllText(handler, ReportLambdaScript.Render(ReportWorkerHost.Endpoint));

        var listening = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        harness = Process.Start(new ProcessStartInfo("node", ["harness.mjs", handler, Path.Combine(work, "s3"), Bucket])
        {
            WorkingDirectory = lambda,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException("node did not start");
        harness.OutputDataReceived += (_, e) =>
        {
            if (e.Data?.StartsWith("listening ", StringComparison.Ordinal) == true)
            {
                listening.TrySetResult(e.Data);
            }

            Append(e.Data);
        };
        harness.ErrorDataReceived += (_, e) => Append(e.Data);
        harness.Exited += (_, _) => listening.TrySetException(new InvalidOperationException($"the Lambda harness exited:\n{Log()}"));
        harness.EnableRaisingEvents = true;
        harness.BeginOutputReadLine();
        harness.BeginErrorReadLine();

        var ports = (await listening.Task.WaitAsync(TimeSpan.FromSeconds(60))).Split(' ');
        port = int.Parse(ports[1], System.Globalization.CultureInfo.InvariantCulture);
        s3Port = int.Parse(ports[2], System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task DisposeAsync()
    {
        if (harness is { HasExited: false })
        {
            harness.Kill();
            await harness.WaitForExitAsync();
        }

        harness?.Dispose();
        s3?.Dispose();
        foreach (var directory in synced.Append(work).Where(Directory.Exists))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private void Append(string? line)
    {
        lock (log)
        {
            log.AppendLine(line);
        }
    }

    /// <summary>
    /// The keys under <paramref name="prefix"/>, read from s3rver with the S3 REST API (ListObjects version 1, paged by
    /// Marker: s3rver makes the continuation tokens of version 2 with DES, which Node's OpenSSL 3 no longer has).
    /// </summary>
    private async Task<List<string>> ListAsync(string prefix)
    {
        var keys = new List<string>();
        XNamespace s3 = "http://doc.s3.amazonaws.com/2006-03-01/";
        bool truncated;
        do
        {
            var marker = keys.Count == 0 ? "" : Uri.EscapeDataString(keys[^1]);
            var listing = XDocument.Parse(await S3().GetStringAsync($"{Bucket}?prefix={Uri.EscapeDataString(prefix)}&marker={marker}"));
            keys.AddRange(listing.Descendants(s3 + "Contents").Select(c => (string)c.Element(s3 + "Key")!));
            truncated = (string?)listing.Root!.Element(s3 + "IsTruncated") == "true";
        }
        while (truncated);
        return keys;
    }

    private HttpClient S3() => s3 ??= new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{s3Port}/") };

    private static string HarnessDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            var lambda = Path.Combine(dir.FullName, "tests", "world", "lambda");
            if (Directory.Exists(lambda))
            {
                return Directory.Exists(Path.Combine(lambda, "node_modules", "s3rver"))
                    ? lambda
                    : throw new DirectoryNotFoundException($"s3rver and the AWS SDK are not installed under {lambda}/node_modules: run tests/world/install.sh");
            }
        }

        throw new DirectoryNotFoundException($"no tests/world/lambda above {AppContext.BaseDirectory}");
    }
}
