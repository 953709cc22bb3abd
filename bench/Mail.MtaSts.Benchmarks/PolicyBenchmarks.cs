using System.Text;
using BenchmarkDotNet.Attributes;
using Mail.MtaSts;

/// <summary>The core's hot paths: policy parse and render, TXT record parse.</summary>
[MemoryDiagnoser]
public class PolicyBenchmarks
{
    private static readonly byte[] Body = Encoding.ASCII.GetBytes(
        "version: STSv1\nmode: enforce\nmx: mx1.example.com\nmx: mx2.example.com\nmx: *.mail.protection.outlook.com\nmax_age: 604800\n");

    private static readonly Policy Parsed = Policy.Parse(Body).Value!;

    [Benchmark]
    public Policy? ParsePolicy() => Policy.Parse(Body).Value;

    [Benchmark]
    public byte[] RenderPolicy() => Parsed.ToBytes();

    [Benchmark]
    public byte[] ParseAndRenderPolicy() => Policy.Parse(Body).Value!.ToBytes();

    [Benchmark]
    public PolicyRecord? ParseStsRecord() => PolicyRecord.Select(["v=spf1 -all", "v=STSv1; id=20240101T000000Z"]).Value;

    [Benchmark]
    public TlsRptRecord? ParseTlsRptRecord() => TlsRptRecord.Parse("v=TLSRPTv1; rua=mailto:tlsrpt@example.com,https://reports.example.com/v1").Value;
}
