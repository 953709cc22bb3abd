using Mail.MtaSts.Hosting;

namespace Mail.MtaSts.World.Tests.Hosting;

/// <summary>
/// The report Worker the core renders, run for real under workerd over HTTPS on loopback, its storage interface bound to a
/// writable workerd disk service (workerd has no R2): what it stores lands in a directory, each key a relative path.
/// </summary>
public sealed class ReportWorkerHost : IReportEndpointHost, IAsyncLifetime
{
    private const string ScriptName = "tlsrpt";

    private readonly string store = Directory.CreateTempSubdirectory("mtasts-reports-r2-").FullName;
    private readonly List<string> synced = [];
    private Workerd? workerd;

    /// <summary>The endpoint under test: the policy host's path, serving the corpus domains.</summary>
    public static ReportEndpoint Endpoint { get; } = new(Workerd.HostName, ReportEndpointCases.ServedDomains.Select(d => DomainName.Parse(d)));

    public HttpClient CreateClient() => (workerd ?? throw new InvalidOperationException("workerd is not running")).ClientFor(ScriptName);

    // The disk service writes into a temporary file and moves it into place once complete: every file seen is whole.
    public Task<IReadOnlyList<string>> KeysAsync() => Task.FromResult<IReadOnlyList<string>>(
        [.. Directory.EnumerateFiles(store, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(store, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Order(StringComparer.Ordinal)]);

    public async Task<StoredReports> SyncAsync(string prefix)
    {
        var directory = Directory.CreateTempSubdirectory("mtasts-reports-r2-sync-").FullName;
        synced.Add(directory);
        var objects = new List<StoredObject>();
        foreach (var key in (await KeysAsync()).Where(k => k.StartsWith(prefix, StringComparison.Ordinal)))
        {
            var target = Path.Combine(directory, key);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(Path.Combine(store, key), target);
            // The disk binding keeps only the bytes: the R2 metadata is written by the one line these tests do not run.
            objects.Add(new StoredObject(key, File.ReadAllBytes(target), null, null));
        }

        return new StoredReports(directory, objects);
    }

    public string Log() => workerd?.Log() ?? "";

    public async Task InitializeAsync()
    {
        workerd = await Workerd.StartAsync(
            [new Workerd.Script(ScriptName, ReportWorkerScript.Render(Endpoint), new Dictionary<string, string> { [ReportWorkerScript.DiskBinding] = store })],
            ReportWorkerScript.CompatibilityDate);
    }

    public async Task DisposeAsync()
    {
        if (workerd is not null)
        {
            await workerd.DisposeAsync();
        }

        foreach (var directory in synced.Append(store))
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
