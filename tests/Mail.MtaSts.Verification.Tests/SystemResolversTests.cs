using System.Net;

namespace Mail.MtaSts.Verification.Tests;

/// <summary>
/// The name servers of a resolv.conf file (resolv.conf(5)), read where DnsClient finds none on the network interfaces:
/// a namespace or container whose only interface is lo, with a loopback resolver such as systemd-resolved's 127.0.0.53.
/// </summary>
public sealed class SystemResolversTests : IDisposable
{
    private readonly string path = Path.GetTempFileName();

    public void Dispose() => File.Delete(path);

    [Fact]
    public void The_loopback_resolver_of_systemd_resolved_is_read()
    {
        // /etc/resolv.conf as systemd-resolved writes it (its stub listener on 127.0.0.53).
        File.WriteAllText(path, """
            # This is /run/systemd/resolve/stub-resolv.conf managed by man:systemd-resolved(8).
            # Do not edit.
            nameserver 127.0.0.53
            options edns0 trust-ad
            search .
            """);

        Assert.Equal([new IPEndPoint(IPAddress.Parse("127.0.0.53"), 53)], SystemResolvers.Read(path));
    }

    [Fact]
    public void The_first_three_name_servers_are_used_as_the_system_resolver_does()
    {
        // MAXNS is 3; comments start with ';' or '#'; an address that does not parse, or names no destination, is skipped.
        File.WriteAllText(path, "; a comment\n#nameserver 192.0.2.9\nnameserver\tnot-an-address\nnameserver 0.0.0.0\n"
            + "nameserver ::1\nnameserver 127.0.0.1 # local\n  nameserver 192.0.2.53\nnameserver 192.0.2.54\n");

        Assert.Equal(["[::1]:53", "127.0.0.1:53", "192.0.2.53:53"], SystemResolvers.Read(path).Select(e => e.ToString()));
    }

    [Theory]
    [InlineData("search example.com\noptions ndots:2\n")]
    [InlineData("")]
    public void A_file_without_a_nameserver_line_gives_none(string content)
    {
        File.WriteAllText(path, content);

        Assert.Empty(SystemResolvers.Read(path));
    }

    [Fact]
    public void A_missing_file_gives_none()
    {
        File.Delete(path);

        Assert.Empty(SystemResolvers.Read(path));
    }
}
