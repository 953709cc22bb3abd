using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Mail.MtaSts.Verification;

namespace Mail.MtaSts.Benchmarks;

/// <summary>
/// <c>verify N [W]</c>: after W warm-up verifications (8 by default), verifies N generated domains on the local test
/// world and asks <c>mta-sts-daemon</c> (a real sender's policy resolver) for the same domains, printing domains per
/// second for each and the ratio. Run inside the world's namespace, e.g.
/// <c>ip netns exec mtasts env MTASTS_WORLD=/run/mtasts-world/mtasts dotnet run -c Release --project bench/Mail.MtaSts.Benchmarks -- verify 1000</c>.
/// It adds the domains to the world's knot zone (and removes them after), serves their policies from an nginx of its
/// own on 127.0.0.45:443 with a certificate per policy host from the world's CA, and stops that nginx by its PID.
/// </summary>
internal static class VerifyBench
{
    private const string Zone = "example.test";
    private const string Address = "127.0.0.45";
    private const string Policy = "version: STSv1\nmode: enforce\nmx: mx1.example.test\nmax_age: 86400\n";

    internal static async Task<int> RunAsync(string[] args)
    {
        var warmUp = 8;
        if (args.Length is < 1 or > 2 || !int.TryParse(args[0], CultureInfo.InvariantCulture, out var count) || count < 1
            || (args.Length == 2 && (!int.TryParse(args[1], CultureInfo.InvariantCulture, out warmUp) || warmUp < 1)))
        {
            await Console.Error.WriteLineAsync("usage: verify N [W]   (N generated domains after W warm-up verifications, 8 by default; "
                + "run inside the test world's namespace with MTASTS_WORLD set)");
            return 2;
        }

        var world = Environment.GetEnvironmentVariable("MTASTS_WORLD");
        if (string.IsNullOrEmpty(world) || !File.Exists(Path.Combine(world, "world.env")))
        {
            await Console.Error.WriteLineAsync("verify: MTASTS_WORLD is not set to a running world (tests/world/up.sh)");
            return 2;
        }

        var env = File.ReadAllLines(Path.Combine(world, "world.env"))
            .Where(l => l.Contains('=') && !l.StartsWith('#')).Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        if ((await Shell("ip", "netns identify")).Trim() != env["MTASTS_NS"])
        {
            await Console.Error.WriteLineAsync($"verify: run inside the world's namespace: ip netns exec {env["MTASTS_NS"]} env MTASTS_WORLD={world} dotnet ...");
            return 2;
        }

        var run = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3)); // fresh names: no cache anywhere is warm
        var labels = Enumerable.Range(0, count).Select(i => $"b{run}{i:D5}").ToList();
        var domains = labels.Select(l => $"{l}.{Zone}").ToList();
        var work = Directory.CreateTempSubdirectory("mta-sts-verify-bench-");
        Process? nginx = null;
        var (addressAdded, zoneAdded) = (false, false);
        try
        {
            Console.WriteLine($"setting up {count} domains b{run}NNNNN.{Zone} (knot zone, nginx on {Address}:443)");
            await Shell("ip", $"addr add {Address}/32 dev lo");
            addressAdded = true;
            nginx = await StartNginxAsync(work.FullName, env["CA"], domains);
            await Knot(world, labels, "zone-set");
            zoneAdded = true;
            // Warm-up: JIT, TLS. A few verifications leave the JIT's recompilation of hot methods to the measured runs, as
            // in a CLI run; thousands show the cost per domain of a process that has settled.
            await MeasureVerifier(Enumerable.Repeat($"enforce.{Zone}", warmUp).ToList(), env, checkSmtp: true);

            var cpu = new CpuTime(nginx.Id);
            // The daemon first: the verifier's runs leave work behind (tiering JIT, GC, closing sockets) that would take
            // CPU from the daemon's run.
            var daemon = await MeasureDaemon(domains);
            var daemonCpu = cpu.PerDomain(count);
            Console.WriteLine($"mta-sts-daemon:        {Rate(count, daemon.Elapsed)} ({daemon.Failed} of {count} without a policy); {CpuTime.Format(daemonCpu)}");
            var all = await MeasureVerifier(domains, env, checkSmtp: true);
            var allCpu = cpu.PerDomain(count);
            Console.WriteLine($"verifier, all checks:  {Rate(count, all.Elapsed)} ({all.Failed} of {count} failed); {CpuTime.Format(allCpu)}");
            var policyOnly = await MeasureVerifier(domains, env, checkSmtp: false);
            var policyOnlyCpu = cpu.PerDomain(count);
            Console.WriteLine($"verifier, no SMTP:     {Rate(count, policyOnly.Elapsed)} ({policyOnly.Failed} of {count} failed); {CpuTime.Format(policyOnlyCpu)}");
            Console.WriteLine($"ratio (verifier without SMTP / daemon): {daemon.Elapsed / policyOnly.Elapsed:0.0}x; "
                + $"(verifier with all checks / daemon): {daemon.Elapsed / all.Elapsed:0.0}x");

            // What 5x the daemon's rate would leave per domain on this machine's cores, against what each party used.
            var target = 5 * count / daemon.Elapsed.TotalSeconds;
            Console.WriteLine($"CPU budget at 5x the daemon ({target:0} domains/s on {Environment.ProcessorCount} cores): "
                + $"{Environment.ProcessorCount * 1000 / target:0.00} ms per domain for client and servers together; "
                + $"used without SMTP: verifier {policyOnlyCpu["bench"]:0.00} + nginx {policyOnlyCpu["nginx"]:0.00} + knotd {policyOnlyCpu["knotd"]:0.00} ms; "
                + $"by the daemon's fetch: mta-sts-daemon {daemonCpu["mta-sts-daemon"]:0.00} + nginx {daemonCpu["nginx"]:0.00} + knotd {daemonCpu["knotd"]:0.00} ms");
            return all.Failed + policyOnly.Failed + daemon.Failed == 0 ? 0 : 1;
        }
        finally
        {
            if (zoneAdded)
            {
                await Knot(world, labels, "zone-unset");
            }

            if (nginx is not null)
            {
                nginx.Kill(entireProcessTree: true); // the master and its worker
                await nginx.WaitForExitAsync();
                nginx.Dispose();
            }

            if (addressAdded)
            {
                await Shell("ip", $"addr del {Address}/32 dev lo");
            }

            work.Delete(recursive: true);
        }
    }

    private static string Rate(int count, TimeSpan elapsed) =>
        $"{count} domains in {elapsed.TotalSeconds:0.00} s = {count / elapsed.TotalSeconds:0} domains/s";

    private static async Task<(TimeSpan Elapsed, int Failed)> MeasureVerifier(List<string> domains, Dictionary<string, string> env, bool checkSmtp)
    {
        var options = new VerificationOptions { DnsServer = IPEndPoint.Parse(env["DNS"]), CheckSmtp = checkSmtp, Concurrency = 64 };
        options.TrustRoots.Add(X509CertificateLoader.LoadCertificateFromFile(env["CA"]));
        var verifier = new Verifier(options);
        var failed = 0;
        var clock = Stopwatch.StartNew();
        await foreach (var report in verifier.VerifyAllAsync(domains))
        {
            if (report.Failed || report.Policy is null)
            {
                if (failed++ == 0)
                {
                    Console.WriteLine($"  first failure, {report.Domain}: "
                        + string.Join("; ", report.Checks.Where(c => c.Status == CheckStatus.Fail).Select(c => c.Message)));
                }
            }
        }

        return (clock.Elapsed, failed);
    }

    /// <summary>Asks mta-sts-daemon over Postfix's socketmap protocol (netstrings), 64 connections at once.</summary>
    private static async Task<(TimeSpan Elapsed, int Failed)> MeasureDaemon(List<string> domains)
    {
        var failed = 0;
        var clock = Stopwatch.StartNew();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, 64).Select(async _ =>
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, 8461);
            var stream = client.GetStream();
            int i;
            while ((i = Interlocked.Increment(ref next)) < domains.Count)
            {
                var request = $"postfix {domains[i]}";
                await stream.WriteAsync(Encoding.ASCII.GetBytes($"{request.Length}:{request},"));
                var reply = await ReadNetstring(stream);
                if (!reply.StartsWith("OK secure", StringComparison.Ordinal) && Interlocked.Increment(ref failed) == 1)
                {
                    Console.WriteLine($"  first failure, {domains[i]}: \"{reply}\"");
                }
            }
        }));
        return (clock.Elapsed, failed);
    }

    private static async Task<string> ReadNetstring(Stream stream)
    {
        var length = 0;
        var one = new byte[1];
        while (await stream.ReadAsync(one) == 1 && one[0] != ':')
        {
            length = (length * 10) + (one[0] - '0');
        }

        var data = new byte[length + 1]; // and the trailing comma
        await stream.ReadExactlyAsync(data);
        return Encoding.ASCII.GetString(data, 0, length);
    }

    private static async Task<Process> StartNginxAsync(string dir, string caFile, List<string> domains)
    {
        // A certificate per policy host, as in real deployments, signed by the world's CA (its key is next to ca.crt).
        using var ca = X509Certificate2.CreateFromPemFile(caFile, Path.ChangeExtension(caFile, ".key"));
        var servers = new StringBuilder();
        foreach (var domain in domains)
        {
            var host = $"mta-sts.{domain}";
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest($"CN={host}", key, HashAlgorithmName.SHA256);
            var names = new SubjectAlternativeNameBuilder();
            names.AddDnsName(host);
            request.CertificateExtensions.Add(names.Build());
            using var leaf = request.Create(ca, ca.NotBefore.ToUniversalTime(), DateTimeOffset.UtcNow.AddDays(1), RandomNumberGenerator.GetBytes(12));
            await File.WriteAllTextAsync(Path.Combine(dir, $"{host}.crt"), leaf.ExportCertificatePem());
            await File.WriteAllTextAsync(Path.Combine(dir, $"{host}.key"), key.ExportPkcs8PrivateKeyPem());
            servers.Append(CultureInfo.InvariantCulture, $$"""
                  server {
                    listen {{Address}}:443 ssl;
                    server_name {{host}};
                    ssl_certificate {{dir}}/{{host}}.crt;
                    ssl_certificate_key {{dir}}/{{host}}.key;
                    location = /.well-known/mta-sts.txt { default_type text/plain; alias {{dir}}/policy.txt; }
                  }

                """);
        }

        await File.WriteAllTextAsync(Path.Combine(dir, "policy.txt"), Policy);
        Directory.CreateDirectory(Path.Combine(dir, "tmp"));
        await File.WriteAllTextAsync(Path.Combine(dir, "nginx.conf"), $$"""
            daemon off;
            user root;
            worker_processes 1;
            pid {{dir}}/nginx.pid;
            error_log {{dir}}/error.log warn;
            events { worker_connections 1024; }
            http {
              access_log off;
              client_body_temp_path {{dir}}/tmp/body;
              proxy_temp_path {{dir}}/tmp/proxy;
              fastcgi_temp_path {{dir}}/tmp/fastcgi;
              uwsgi_temp_path {{dir}}/tmp/uwsgi;
              scgi_temp_path {{dir}}/tmp/scgi;
              types { }
              ssl_protocols TLSv1.2 TLSv1.3;
              server_names_hash_max_size 65536;
              server_names_hash_bucket_size 128;
            {{servers}}
            }
            """);
        var nginx = Process.Start(new ProcessStartInfo("nginx", $"-p {dir} -e {dir}/error.log -c {dir}/nginx.conf") { UseShellExecute = false })!;
        for (var attempt = 0; attempt < 100; attempt++)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Parse(Address), 443);
                return nginx;
            }
            catch (SocketException) when (!nginx.HasExited)
            {
                await Task.Delay(50);
            }
        }

        nginx.Kill(entireProcessTree: true);
        throw new InvalidOperationException($"nginx did not start: {await File.ReadAllTextAsync(Path.Combine(dir, "error.log"))}");
    }

    /// <summary>
    /// Adds (zone-set) or removes (zone-unset) the domains' records in one knot transaction; knotc reads a TXT's
    /// "; " as a comment and a separator, so they are written as the escapes \059 and \032.
    /// </summary>
    private static async Task Knot(string world, List<string> labels, string verb)
    {
        var id = PolicyId.ForPolicy(Encoding.ASCII.GetBytes(Policy)).Value;
        var script = new StringBuilder($"zone-begin {Zone}\n");
        foreach (var label in labels)
        {
            if (verb == "zone-set")
            {
                script.Append(CultureInfo.InvariantCulture, $"zone-set {Zone} {label} 60 MX 10 mx1.{Zone}.\n");
                script.Append(CultureInfo.InvariantCulture, $"zone-set {Zone} mta-sts.{label} 60 A {Address}\n");
                script.Append(CultureInfo.InvariantCulture, $"zone-set {Zone} _mta-sts.{label} 60 TXT \"v=STSv1\\059\\032id={id}\"\n");
                script.Append(CultureInfo.InvariantCulture, $"zone-set {Zone} _smtp._tls.{label} 60 TXT \"v=TLSRPTv1\\059\\032rua=mailto:tlsrpt@{Zone}\"\n");
            }
            else
            {
                foreach (var owner in new[] { label, $"mta-sts.{label}", $"_mta-sts.{label}", $"_smtp._tls.{label}" })
                {
                    script.Append(CultureInfo.InvariantCulture, $"zone-unset {Zone} {owner}\n");
                }
            }
        }

        script.Append(CultureInfo.InvariantCulture, $"zone-commit {Zone}\n");
        await Shell("knotc", $"-s {Path.Combine(world, "knot", "knot.sock")}", script.ToString());
    }

    private static async Task<string> Shell(string file, string arguments, string? input = null)
    {
        var start = new ProcessStartInfo(file, arguments) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input);
        }

        process.StandardInput.Close();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0 || (await output).Contains("error", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"{file} {arguments} failed ({process.ExitCode}): {await output}{await error}");
        }

        return await output;
    }
}
