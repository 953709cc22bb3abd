using BenchmarkDotNet.Running;

if (args is ["verify", ..]) { return await Mail.MtaSts.Benchmarks.VerifyBench.RunAsync(args[1..]); }
if (args is ["reports", .. var rest]) { ReportsBench.Run(rest); return 0; }
if (args is ["hosted", .. var hostedArgs]) { return await HostedBench.RunAsync(hostedArgs); }
if (args is ["reports-endpoint", .. var endpointArgs]) { return await ReportEndpointBench.RunAsync(endpointArgs); }
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
