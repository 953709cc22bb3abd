using System.Diagnostics;
using DnsClient;
using Mail.MtaSts.Verification;

namespace Mail.MtaSts.World.Tests.Verification;

/// <summary>
/// Lookups without a DNS server of their own where the only interface is lo and resolv.conf names a loopback resolver
/// (or none): DnsClient finds no name server on the interfaces, so resolv.conf is read (loopback included), and with
/// still none the verification fails once naming the cause and the fix. In the world's namespace (knot on 127.0.0.53,
/// its resolv.conf pointing there) and in namespaces made here (<c>ip netns</c>, root), with the real <c>mta-sts</c>.
/// </summary>
public sealed class NoNameServerTests
{
    [Fact(Timeout = 60_000)]
    public async Task Inside_the_world_the_loopback_resolver_of_resolv_conf_answers_lookups_without_a_DNS_server()
    {
        _ = TestWorld.Directory;
        // What makes this namespace the case: the interfaces show DnsClient no name server at all.
        Assert.Empty(NameServer.ResolveNameServers(skipIPv6SiteLocal: true, fallbackToGooglePublicDns: false));

        var mx = await new MxLookup().LookupAsync(DomainName.Parse($"enforce.{TestWorld.Environment()["ZONE"]}"));

        Assert.NotEmpty(mx.Names);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_namespace_whose_resolv_conf_names_no_server_fails_once_naming_the_fix()
    {
        using var ns = new Namespace("search example.test\noptions ndots:1\n");

        var (exit, output, error) = await ns.VerifyAsync("enforce.example.test", "--no-smtp");

        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.StartsWith("mta-sts verify: no DNS server to ask: none was found on the network interfaces and /etc/resolv.conf has no usable nameserver line", error);
        Assert.Contains("--dns-server IP[:PORT]", error);
        Assert.Single(error.Trim().Split('\n'));
    }

    [Fact(Timeout = 60_000)]
    public async Task A_namespace_with_a_loopback_resolver_in_resolv_conf_asks_it()
    {
        // Nothing listens on 127.0.0.53 here: every lookup fails, naming the server it asked (not "cannot be looked up").
        using var ns = new Namespace("nameserver 127.0.0.53\noptions edns0 trust-ad\n");

        var (exit, output, error) = await ns.VerifyAsync("enforce.example.test", "--no-smtp", "--timeout", "10s");

        Assert.True(exit == 1, $"exit {exit}: {error}");
        Assert.Contains("dns.mta-sts-record: the lookup failed: TXT _mta-sts.enforce.example.test: no answer from 127.0.0.53:53", output);
        Assert.DoesNotContain("cannot be looked up", output);
    }

    /// <summary>A network namespace with only lo (up) and its own resolv.conf, removed on dispose.</summary>
    private sealed class Namespace : IDisposable
    {
        private readonly string name = $"mtasts-nodns-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..6]}";

        internal Namespace(string resolvConf)
        {
            Run("ip", "netns", "add", name);
            Run("ip", "-n", name, "link", "set", "lo", "up");
            // ip netns exec bind-mounts /etc/netns/<name>/resolv.conf over /etc/resolv.conf (ip-netns(8)).
            Directory.CreateDirectory(Etc);
            File.WriteAllText(Path.Combine(Etc, "resolv.conf"), resolvConf);
        }

        private string Etc => Path.Combine("/etc/netns", name);

        /// <summary>Runs <c>mta-sts verify</c> (this build's) inside the namespace.</summary>
        internal async Task<(int Exit, string Output, string Error)> VerifyAsync(params string[] arguments)
        {
            var start = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in (string[])["netns", "exec", name, "dotnet", Path.Combine(AppContext.BaseDirectory, "Mail.MtaSts.Cli.dll"), "verify", .. arguments])
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            return (process.ExitCode, await output, await error);
        }

        public void Dispose()
        {
            Run("ip", "netns", "delete", name);
            Directory.Delete(Etc, recursive: true);
        }

        private static void Run(string file, params string[] arguments)
        {
            using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardError = true })!;
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', arguments)}: {error}");
        }
    }
}
