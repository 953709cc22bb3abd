using BenchmarkDotNet.Running;

if (args is ["reports", .. var rest]) { ReportsBench.Run(rest); return; }
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
