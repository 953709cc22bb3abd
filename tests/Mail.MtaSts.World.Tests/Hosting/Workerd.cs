using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Mail.MtaSts.World.Tests.Hosting;

/// <summary>
/// The real Cloudflare Workers runtime (npm <c>workerd</c>, pinned in <c>tests/world/workerd/package-lock.json</c>,
/// installed by <c>tests/world/install.sh</c>, which <c>./build.sh test</c> runs) serving Worker scripts over HTTPS on
/// loopback, one port per script, with a throwaway CA and a leaf certificate for <see cref="HostName"/>.
/// </summary>
internal sealed class Workerd : IAsyncDisposable
{
    public const string HostName = "mta-sts.example.com";

    private readonly Process process;
    private readonly string directory;
    private readonly X509Certificate2 ca;
    private readonly Dictionary<string, int> ports;
    private readonly StringBuilder log;

    /// <summary>A Worker script to run: its name (and port), its ES module source, and binding name → writable directory.</summary>
    public sealed record Script(string Name, string Source, IReadOnlyDictionary<string, string>? WritableDirectories = null);

    private Workerd(Process process, string directory, X509Certificate2 ca, Dictionary<string, int> ports, StringBuilder log)
    {
        this.process = process;
        this.directory = directory;
        this.ca = ca;
        this.ports = ports;
        this.log = log;
    }

    /// <summary>Starts workerd with each script (name → ES module source) on its own loopback port.</summary>
    public static Task<Workerd> StartAsync(IReadOnlyDictionary<string, string> scripts, string compatibilityDate) =>
        StartAsync(scripts.Select(s => new Script(s.Key, s.Value)), compatibilityDate);

    /// <summary>
    /// Starts workerd with each script on its own loopback port; a script's <see cref="Script.WritableDirectories"/> are
    /// bound as writable disk services (workerd <c>DiskDirectory</c> with <c>writable = true</c>: <c>PUT /a/b</c> writes
    /// the file <c>a/b</c>, parent directories made as needed, atomically moved into place once complete). The certificate
    /// holds <paramref name="hostNames"/>, <see cref="HostName"/> when none are given.
    /// </summary>
    public static async Task<Workerd> StartAsync(IEnumerable<Script> scripts, string compatibilityDate, IReadOnlyList<string>? hostNames = null)
    {
        var directory = Directory.CreateTempSubdirectory("mtasts-workerd-").FullName;
        var (ca, leafPem, keyPem) = CreateCertificates(hostNames ?? [HostName]);
        File.WriteAllText(Path.Combine(directory, "cert.pem"), leafPem);
        File.WriteAllText(Path.Combine(directory, "key.pem"), keyPem);

        var list = scripts.ToList();
        var ports = list.ToDictionary(s => s.Name, _ => FreePort());
        var services = new StringBuilder();
        var sockets = new StringBuilder();
        foreach (var (name, source, writable) in list)
        {
            File.WriteAllText(Path.Combine(directory, name + ".js"), source);
            var bindings = new StringBuilder();
            foreach (var (binding, path) in writable ?? new Dictionary<string, string>())
            {
                bindings.Append($"(name = \"{binding}\", service = \"{name}-{binding}\"), ");
                services.Append($"    (name = \"{name}-{binding}\", disk = (path = \"{Path.GetFullPath(path)}\", writable = true)),\n");
            }

            // embed paths are relative to the config file: a leading '/' would be read as an import path.
            services.Append($"    (name = \"{name}\", worker = (modules = [(name = \"{name}.js\", esModule = embed \"{name}.js\")], compatibilityDate = \"{compatibilityDate}\", bindings = [{bindings}])),\n");
            sockets.Append($"    (name = \"{name}\", address = \"127.0.0.1:{ports[name]}\", service = \"{name}\", https = (tlsOptions = (keypair = (privateKey = embed \"key.pem\", certificateChain = embed \"cert.pem\")))),\n");
        }
        File.WriteAllText(Path.Combine(directory, "config.capnp"), $"""
            using Workerd = import "/workerd/workerd.capnp";

            const config :Workerd.Config = (
              services = [
            {services}  ],
              sockets = [
            {sockets}  ],
            );
            """);

        var log = new StringBuilder();
        var start = new ProcessStartInfo(FindBinary(), ["serve", "config.capnp"])
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("workerd did not start");
        process.OutputDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var workerd = new Workerd(process, directory, ca, ports, log);
        try
        {
            await workerd.WaitUntilListeningAsync(TimeSpan.FromSeconds(30));
        }
        catch
        {
            await workerd.DisposeAsync();
            throw;
        }
        return workerd;
    }

    /// <summary>
    /// A client that reaches <c>https://&lt;hostName&gt;/</c> (<see cref="HostName"/> by default) on the script's port,
    /// trusts only the test CA, checks the host name, and never follows redirects (RFC 8461 §3.3).
    /// </summary>
    public HttpClient ClientFor(string script, string hostName = HostName)
    {
        var port = ports[script];
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        handler.SslOptions.CertificateChainPolicy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            RevocationMode = X509RevocationMode.NoCheck,
            CustomTrustStore = { ca },
        };
        return new HttpClient(handler) { BaseAddress = new Uri($"https://{hostName}/"), Timeout = TimeSpan.FromSeconds(10) };
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill();
            await process.WaitForExitAsync();
        }
        process.Dispose();
        ca.Dispose();
        Directory.Delete(directory, recursive: true);
    }

    private async Task WaitUntilListeningAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        foreach (var port in ports.Values)
        {
            while (true)
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"workerd exited with {process.ExitCode}:\n{Log()}");
                }
                try
                {
                    using var probe = new TcpClient();
                    await probe.ConnectAsync(IPAddress.Loopback, port);
                    break;
                }
                catch (SocketException) when (DateTime.UtcNow < deadline)
                {
                    await Task.Delay(50);
                }
                catch (SocketException e)
                {
                    throw new TimeoutException($"workerd did not listen on 127.0.0.1:{port} within {timeout}:\n{Log()}", e);
                }
            }
        }
    }

    /// <summary>The workerd process's id (the bench reads its CPU time).</summary>
    public int ProcessId => process.Id;

    /// <summary>What workerd printed so far (the Workers' console output among it).</summary>
    public string Log()
    {
        lock (log)
        {
            return log.ToString();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string FindBinary()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            var modules = Path.Combine(dir.FullName, "tests", "world", "workerd", "node_modules");
            if (!Directory.Exists(Path.Combine(dir.FullName, "tests", "world")))
            {
                continue;
            }
            string[] candidates =
            [
                Path.Combine(modules, "@cloudflare", "workerd-linux-64", "bin", "workerd"),
                Path.Combine(modules, ".bin", "workerd"),
            ];
            return candidates.FirstOrDefault(File.Exists) ?? throw new FileNotFoundException(
                $"workerd is not installed under {modules}: run tests/world/install.sh");
        }
        throw new DirectoryNotFoundException($"no tests/world above {AppContext.BaseDirectory}");
    }

    private static (X509Certificate2 Ca, string LeafPem, string KeyPem) CreateCertificates(IReadOnlyList<string> hostNames)
    {
        var now = DateTimeOffset.UtcNow;
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=MtaSts test CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        var ca = caRequest.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));

        using var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var leafRequest = new CertificateRequest($"CN={hostNames[0]}", leafKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        foreach (var name in hostNames)
        {
            names.AddDnsName(name);
        }
        leafRequest.CertificateExtensions.Add(names.Build());
        leafRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        leafRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var leaf = leafRequest.Create(ca, now.AddMinutes(-5), now.AddDays(1), [1, 2, 3, 4, 5, 6, 7, 8]);
        return (ca, leaf.ExportCertificatePem(), leafKey.ExportPkcs8PrivateKeyPem());
    }
}
