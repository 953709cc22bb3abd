namespace Mail.MtaSts.World.Tests.Hosting;

/// <summary>A report endpoint running for real on loopback, whose store can be synced down and read as files.</summary>
public interface IReportEndpointHost
{
    /// <summary>A client whose base address is the endpoint's host; requests go to <c>/tlsrpt</c> and elsewhere on it.</summary>
    HttpClient CreateClient();

    /// <summary>The keys of every stored object, in key order.</summary>
    Task<IReadOnlyList<string>> KeysAsync();

    /// <summary>
    /// Copies every stored object whose key starts with <paramref name="prefix"/> into a new directory, each under its key
    /// as a relative path (as <c>aws s3 sync</c> does), and lists them.
    /// </summary>
    Task<StoredReports> SyncAsync(string prefix);

    /// <summary>What the runtime printed (the script's console lines among it), for failure messages.</summary>
    string Log();
}

/// <summary>What a sync brought down: the directory and each object in key order.</summary>
public sealed record StoredReports(string Directory, IReadOnlyList<StoredObject> Objects);

/// <summary>One stored object: its key, its bytes, and the metadata the store kept (null where the store keeps none).</summary>
public sealed record StoredObject(string Key, byte[] Bytes, string? ContentType, string? ReceivedAt);
