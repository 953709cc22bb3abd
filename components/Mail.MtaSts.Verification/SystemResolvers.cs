using System.Net;
using DnsClient;

namespace Mail.MtaSts.Verification;

/// <summary>
/// The name servers of the machine, for lookups without a DNS server of their own. DnsClient finds them on the network
/// interfaces; where every configured server sits on loopback only (a container or network namespace whose only
/// interface is <c>lo</c>, <c>nameserver 127.0.0.53</c> in resolv.conf) it finds none, so the <c>nameserver</c> lines of
/// <c>/etc/resolv.conf</c> are read here, loopback servers included. With still none, the lookup cannot work: that is
/// said once, where the lookup is made, naming the cause and the fix.
/// </summary>
internal static class SystemResolvers
{
    /// <summary>Where the system's resolver configuration lives (resolv.conf(5)).</summary>
    internal const string ResolvConf = "/etc/resolv.conf";

    /// <summary>How many name servers the system's resolver uses, the first ones listed (MAXNS, resolv.conf(5)).</summary>
    private const int MaxNameServers = 3;

    /// <summary>
    /// The DnsClient options for the system's name servers: DnsClient's own search of the network interfaces when it
    /// finds some, else the servers of <paramref name="resolvConf"/>.
    /// </summary>
    /// <exception cref="MtaStsException">Neither finds a name server (field <c>DnsServer</c>).</exception>
    internal static LookupClientOptions Options(string resolvConf = ResolvConf)
    {
        if (NameServer.ResolveNameServers(skipIPv6SiteLocal: true, fallbackToGooglePublicDns: false).Count > 0)
        {
            return new LookupClientOptions();
        }

        var servers = Read(resolvConf);
        return servers.Count > 0 ? new LookupClientOptions([.. servers]) { AutoResolveNameServers = false } : throw NoNameServer(resolvConf);
    }

    /// <summary>
    /// The name servers of a resolv.conf file: the address after each <c>nameserver</c> keyword, port 53, the first
    /// <see cref="MaxNameServers"/> (resolv.conf(5)); none when the file is missing or unreadable.
    /// </summary>
    internal static IReadOnlyList<IPEndPoint> Read(string path)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }

        var servers = new List<IPEndPoint>();
        foreach (var line in lines)
        {
            // "nameserver ADDRESS": a keyword at the start of the line, then the address; ';' and '#' start comments.
            var fields = line.Split([' ', '\t'], 3, StringSplitOptions.RemoveEmptyEntries);
            if (fields is ["nameserver", var address, ..] && IPAddress.TryParse(address, out var ip)
                && VerificationOptions.IsDnsServer(new IPEndPoint(ip, NameServer.DefaultPort)) && servers.Count < MaxNameServers)
            {
                servers.Add(new IPEndPoint(ip, NameServer.DefaultPort));
            }
        }

        return servers;
    }

    private static MtaStsException NoNameServer(string resolvConf) => new([new Diagnostic(Severity.Error, "DnsServer", "(none)",
        $"no DNS server to ask: none was found on the network interfaces and {resolvConf} has no usable nameserver line; give one: "
        + "--dns-server IP[:PORT] (mta-sts verify), DnsServer (VerificationOptions, MxLookup, PublicationGateOptions) or "
        + "Verification.DnsServer (the Pulumi component), or add a nameserver line to " + resolvConf, "resolv.conf(5)")]);
}
