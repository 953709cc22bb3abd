using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Mail.MtaSts.Verification.Tests.Loopback;

/// <summary>
/// A tiny authoritative DNS server on 127.0.0.1 (UDP, an ephemeral port) answering from a fixed table, so the
/// verifier's real DnsClient lookups can be pointed at in-process test servers.
/// </summary>
internal sealed class LoopbackDns : IDisposable
{
    private const ushort TypeA = 1, TypeCname = 5, TypeMx = 15, TypeTxt = 16, TypeAaaa = 28, TypeTlsa = 52;
    private readonly UdpClient udp = new(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly Dictionary<(string Name, ushort Type), List<byte[]>> records = [];
    private readonly HashSet<string> silent = [];
    private readonly HashSet<string> failing = [];
    private readonly HashSet<string> malformed = [];
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> asked = new();
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> questions = new();
    private readonly CancellationTokenSource stop = new();

    internal LoopbackDns() => _ = ServeAsync();

    internal IPEndPoint Endpoint => (IPEndPoint)udp.Client.LocalEndPoint!;

    /// <summary>Every name asked for so far, in order.</summary>
    internal IReadOnlyCollection<string> Asked => asked;

    /// <summary>Every question asked so far, as "name TYPE" (e.g. "mx.good.test AAAA"), in order.</summary>
    internal IReadOnlyCollection<string> Questions => questions;

    /// <summary>
    /// Whether a CNAME is answered with its target's records too, as a recursive resolver (and an authoritative
    /// server within its zone) does; otherwise only the CNAME comes back and the client follows it.
    /// </summary>
    internal bool ChasesCnames { get; set; }

    internal LoopbackDns A(string name, IPAddress address) => Add(name, TypeA, address.GetAddressBytes());

    internal LoopbackDns Aaaa(string name, IPAddress address) => Add(name, TypeAaaa, address.GetAddressBytes());

    internal LoopbackDns Txt(string name, string text)
    {
        var data = new List<byte>();
        foreach (var chunk in Encoding.ASCII.GetBytes(text).Chunk(255))
        {
            data.Add((byte)chunk.Length);
            data.AddRange(chunk);
        }

        return Add(name, TypeTxt, [.. data]);
    }

    internal LoopbackDns Mx(string name, ushort preference, string exchange)
    {
        var data = new byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(data, preference);
        return Add(name, TypeMx, [.. data, .. EncodeName(exchange)]);
    }

    /// <summary>A TLSA record (RFC 6698 §2.1): usage, selector, matching type, then the association data.</summary>
    internal LoopbackDns Tlsa(string name, byte usage, byte selector, byte matching, byte[] association) =>
        Add(name, TypeTlsa, [usage, selector, matching, .. association]);

    internal LoopbackDns Cname(string name, string target) => Add(name, TypeCname, EncodeName(target));

    /// <summary>Removes the records of <paramref name="type"/> at <paramref name="name"/>, as an edit of the zone would.</summary>
    internal LoopbackDns Remove(string name, DnsClient.QueryType type)
    {
        records.Remove((name.ToLowerInvariant(), (ushort)type));
        return this;
    }

    /// <summary>Queries for <paramref name="name"/> (any type) are answered SERVFAIL, like a broken or unreachable zone.</summary>
    internal LoopbackDns ServerFailure(string name)
    {
        failing.Add(name.ToLowerInvariant());
        return this;
    }

    /// <summary>
    /// Queries for <paramref name="name"/> (any type) get an answer that does not parse: its record's owner name is a
    /// compression pointer to itself.
    /// </summary>
    internal LoopbackDns Malformed(string name)
    {
        malformed.Add(name.ToLowerInvariant());
        return this;
    }

    /// <summary>Queries for <paramref name="name"/> (any type) are never answered, like a stalled authoritative server.</summary>
    internal LoopbackDns Silent(string name)
    {
        silent.Add(name.ToLowerInvariant());
        return this;
    }

    public void Dispose()
    {
        stop.Cancel();
        udp.Dispose();
    }

    private LoopbackDns Add(string name, ushort type, byte[] data)
    {
        var key = (name.ToLowerInvariant(), type);
        if (!records.TryGetValue(key, out var list))
        {
            records[key] = list = [];
        }

        list.Add(data);
        return this;
    }

    private async Task ServeAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            UdpReceiveResult query;
            try
            {
                query = await udp.ReceiveAsync(stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            var answer = Answer(query.Buffer);
            if (answer is not null)
            {
                await udp.SendAsync(answer, query.RemoteEndPoint);
            }
        }
    }

    private byte[]? Answer(byte[] query)
    {
        if (query.Length < 17)
        {
            return null;
        }

        // The question: labels from offset 12, then type and class.
        var labels = new List<string>();
        var offset = 12;
        while (offset < query.Length && query[offset] != 0)
        {
            labels.Add(Encoding.ASCII.GetString(query, offset + 1, query[offset]).ToLowerInvariant());
            offset += query[offset] + 1;
        }

        var questionEnd = offset + 5;
        var name = string.Join('.', labels);
        var type = BinaryPrimitives.ReadUInt16BigEndian(query.AsSpan(offset + 1));
        asked.Enqueue(name);
        questions.Enqueue($"{name} {((DnsClient.QueryType)type)}");
        if (silent.Contains(name))
        {
            return null;
        }

        var answers = new List<(string Owner, ushort Type, byte[] Data)>();
        var owner = name;
        for (var hop = 0; hop < 16; hop++)
        {
            if (records.TryGetValue((owner, type), out var exact))
            {
                answers.AddRange(exact.Select(d => (owner, type, d)));
            }
            else if (records.TryGetValue((owner, TypeCname), out var alias))
            {
                answers.Add((owner, TypeCname, alias[0]));
                if (ChasesCnames)
                {
                    owner = DecodeName(alias[0]);
                    continue;
                }
            }

            break;
        }

        if (malformed.Contains(name))
        {
            byte[] head = [.. query[..2], 0x84, 0x00, 0, 1, 0, 1, 0, 0, 0, 0];
            return [.. head, .. query[12..questionEnd], (byte)(0xC0 | (questionEnd >> 8)), (byte)questionEnd, 0, (byte)type, 0, 1, 0, 0, 0, 60, 0, 0];
        }

        var known = records.Keys.Any(k => k.Name == name);
        var response = new List<byte>(query[..2]);
        var recursionDesired = (byte)(query[2] & 0x01);
        var code = failing.Contains(name) ? 0x02 : known ? 0x00 : 0x03;
        response.AddRange([(byte)(0x84 | recursionDesired), (byte)code]); // QR, AA; SERVFAIL, NOERROR or NXDOMAIN
        response.AddRange([0, 1, 0, (byte)answers.Count, 0, 0, 0, 0]);
        response.AddRange(query[12..questionEnd]);
        foreach (var (answerOwner, answerType, data) in answers)
        {
            response.AddRange(answerOwner == name ? [0xC0, 0x0C] : EncodeName(answerOwner));
            response.AddRange([(byte)(answerType >> 8), (byte)answerType, 0, 1, 0, 0, 0, 60]);
            response.AddRange([(byte)(data.Length >> 8), (byte)data.Length]);
            response.AddRange(data);
        }

        return [.. response];
    }

    private static string DecodeName(byte[] data)
    {
        var labels = new List<string>();
        for (var i = 0; data[i] != 0; i += data[i] + 1)
        {
            labels.Add(Encoding.ASCII.GetString(data, i + 1, data[i]));
        }

        return string.Join('.', labels);
    }

    private static byte[] EncodeName(string name)
    {
        var bytes = new List<byte>();
        // The root (".", as in a null MX, RFC 7505) is the empty name: its terminating zero alone.
        foreach (var label in name.TrimEnd('.') is { Length: > 0 } trimmed ? trimmed.Split('.') : [])
        {
            bytes.Add((byte)label.Length);
            bytes.AddRange(Encoding.Latin1.GetBytes(label)); // any byte, as DNS allows in a label
        }

        bytes.Add(0);
        return [.. bytes];
    }
}
