using System.Text;
using BenchmarkDotNet.Attributes;

namespace Mail.MtaSts.Benchmarks;

/// <summary>The core's hot paths: policy parse and render, TXT record parse.</summary>
[MemoryDiagnoser]
public class PolicyBenchmarks
{
    private readonly byte[] Body = Encoding.ASCII.GetBytes(
        "version: STSv1\nmode: enforce\nmx: mx1.example.com\nmx: mx2.example.com\nmx: *.mail.protection.outlook.com\nmax_age: 604800\n");

    private readonly string[] StsRecords = ["v=spf1 -all", "v=STSv1; id=20240101T000000Z"];

    private readonly string TlsRptText = "v=TLSRPTv1; rua=mailto:tlsrpt@example.com,https://reports.example.com/v1";

    private readonly Policy Parsed;

    public PolicyBenchmarks() => Parsed = Policy.Parse(Body).Value!;

    [Benchmark]
    public Policy? ParsePolicy() => Policy.Parse(Body).Value;

    [Benchmark]
    public byte[] RenderPolicy() => Parsed.ToBytes();

    [Benchmark]
    public byte[] ParseAndRenderPolicy() => Policy.Parse(Body).Value!.ToBytes();

    [Benchmark]
    public PolicyRecord? ParseStsRecord() => PolicyRecord.Select(StsRecords).Value;

    [Benchmark]
    public TlsRptRecord? ParseTlsRptRecord() => TlsRptRecord.Parse(TlsRptText).Value;
}
