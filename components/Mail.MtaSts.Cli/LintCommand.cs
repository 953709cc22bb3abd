using System.CommandLine;

namespace Mail.MtaSts.Cli;

/// <summary><c>mta-sts lint</c>: check a policy file or TXT records as a sender would; exit 0 valid, 1 invalid.</summary>
internal static class LintCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "A policy file, or - for standard input" };
        var policy = new Command("policy", "Lint a policy body (RFC 8461 §3.2)") { file };
        policy.SetAction(result =>
        {
            var path = result.GetValue(file)!;
            byte[] body;
            if (path == "-")
            {
                using var stdin = Console.OpenStandardInput();
                using var buffer = new MemoryStream();
                stdin.CopyTo(buffer);
                body = buffer.ToArray();
            }
            else if (File.Exists(path))
            {
                body = File.ReadAllBytes(path);
            }
            else
            {
                var why = Directory.Exists(path) ? "is a directory; give the policy file" : "no such file";
                result.InvocationConfiguration.Error.WriteLine($"mta-sts: file \"{path}\": {why}");
                return MtaStsCli.UsageError;
            }

            return Report(Policy.Parse(body), result.InvocationConfiguration.Output, "policy");
        });

        var stsTxt = new Argument<string[]>("txt") { Description = "TXT record text; several arguments = several records at _mta-sts", Arity = ArgumentArity.OneOrMore };
        var stsRecord = new Command("sts-record", "Lint the TXT records at _mta-sts.<domain> (RFC 8461 §3.1)") { stsTxt };
        stsRecord.SetAction(result => Report(PolicyRecord.Select(result.GetValue(stsTxt)!), result.InvocationConfiguration.Output, "_mta-sts record"));

        var rptTxt = new Argument<string[]>("txt") { Description = "TXT record text; several arguments = several records at _smtp._tls", Arity = ArgumentArity.OneOrMore };
        var tlsRptRecord = new Command("tlsrpt-record", "Lint the TXT records at _smtp._tls.<domain> (RFC 8460 §3)") { rptTxt };
        tlsRptRecord.SetAction(result => Report(TlsRptRecord.Select(result.GetValue(rptTxt)!), result.InvocationConfiguration.Output, "_smtp._tls record"));

        return new Command("lint", "Check a policy or TXT records as a sender would") { policy, stsRecord, tlsRptRecord };
    }

    private static int Report<T>(ParseResult<T> result, TextWriter output, string what)
        where T : class
    {
        foreach (var diagnostic in result.Diagnostics)
        {
            output.WriteLine(diagnostic.Severity == Severity.Error ? $"error: {diagnostic}" : diagnostic.ToString());
        }

        var warnings = result.Warnings.Count();
        output.WriteLine(result.IsValid
            ? $"{what}: valid" + (warnings > 0 ? $" ({warnings} warning{(warnings == 1 ? "" : "s")})" : "")
            : $"{what}: invalid ({result.Errors.Count()} error{(result.Errors.Count() == 1 ? "" : "s")})");
        return result.IsValid ? 0 : 1;
    }
}
