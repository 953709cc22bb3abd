using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Mail.MtaSts.Verification;

namespace Mail.MtaSts.Cli.Verify;

/// <summary>
/// The checked inputs of <c>mta-sts verify</c>: domains from the arguments and <c>--file</c>, and the options turned
/// into <see cref="VerificationOptions"/>. Every problem is a <see cref="UsageException"/> naming the argument.
/// </summary>
internal sealed class VerifyInput
{
    internal required IReadOnlyList<string> Domains { get; init; }

    internal required VerificationOptions Options { get; init; }

    internal required bool Json { get; init; }

    internal static VerifyInput Read(
        IReadOnlyList<string> arguments, string? file, string? dnsServer, string? caFile, bool noSmtp, string timeout,
        string concurrency, string? expectPolicy, bool json)
    {
        var domains = new List<string>();
        foreach (var argument in arguments)
        {
            // The parser hands a misspelt option (--dns-sever) to the domains; it is no domain and no option.
            if (argument.StartsWith('-'))
            {
                throw new UsageException($"\"{argument}\": not an option of mta-sts verify (see mta-sts verify --help)");
            }

            domains.Add(Domain(argument, "argument <domain>"));
        }

        if (file is not null)
        {
            var lines = Read(file, "--file", "a file with one domain per line", File.ReadAllLines);
            var listed = domains.Count;
            for (var i = 0; i < lines.Length; i++)
            {
                var line = lines[i].Split('#')[0].Trim();
                if (line.Length > 0)
                {
                    domains.Add(Domain(line, $"--file {file} line {i + 1}"));
                }
            }

            if (domains.Count == listed)
            {
                throw new UsageException($"--file \"{file}\": no domain in the file (only blank lines and # comments)");
            }
        }

        if (domains.Count == 0)
        {
            throw new UsageException("argument <domain>: give at least one domain, or --file with one domain per line");
        }

        var options = new VerificationOptions
        {
            DnsServer = dnsServer is null ? null : DnsServer(dnsServer),
            CheckSmtp = !noSmtp,
            Timeout = Duration(timeout),
            Concurrency = Concurrency(concurrency),
        };
        if (caFile is not null)
        {
            options.TrustRoots.AddRange(Roots(caFile));
        }

        if (expectPolicy is not null)
        {
            options.ExpectedPolicy = ExpectedPolicy(expectPolicy);
        }

        return new VerifyInput { Domains = [.. domains.Distinct()], Options = options, Json = json };
    }

    private static string Domain(string value, string where)
    {
        var text = value.Trim();
        // Slips the domain parser would only call bad labels: say what was given and what to give instead.
        var slip = text switch
        {
            _ when text.Contains("://", StringComparison.Ordinal) => "a URL; give the mail domain alone, without scheme, port or path",
            _ when text.LastIndexOf('@') is var at and >= 0 => $"an email address; give its mail domain, the part after @ (\"{text[(at + 1)..]}\")",
            _ when IPAddress.TryParse(text.Trim('[', ']'), out _) => "an IP address, not a domain name; MTA-STS policies are found by domain name (RFC 8461 §3)",
            _ => null,
        };
        if (slip is not null)
        {
            throw new UsageException($"{where} \"{value}\": {slip}");
        }

        var parsed = DomainName.TryParse(text.TrimEnd('.'));
        return parsed.Value?.Value ?? throw new UsageException($"{where}: {string.Join("; ", parsed.Errors)}");
    }

    /// <summary><c>IP</c> or <c>IP:PORT</c>, IPv6 as <c>[::1]:53</c>; port 53 when none is given.</summary>
    private static IPEndPoint DnsServer(string value)
    {
        var endpoint = IPAddress.TryParse(value, out var address) ? new IPEndPoint(address, 53)
            : IPEndPoint.TryParse(value, out var parsed) ? parsed
            : throw new UsageException($"--dns-server \"{value}\": expected IP or IP:PORT of a DNS server, e.g. 127.0.0.53 or [::1]:5353");
        // The library's rule, named after the option here rather than after VerificationOptions.DnsServer.
        return VerificationOptions.IsDnsServer(endpoint) ? endpoint
            : throw new UsageException($"--dns-server \"{value}\": {VerificationOptions.DnsServerRule}");
    }

    private static int Concurrency(string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count >= 1 ? count
        : throw new UsageException($"--concurrency \"{value}\": expected a whole number of domains, at least 1");

    /// <summary>
    /// The policy the domains should serve. A file that is no valid policy (RFC 8461 §3.2) cannot be: it is refused
    /// with the core's first error, rather than reported against every domain as a policy that differs.
    /// </summary>
    private static byte[] ExpectedPolicy(string path)
    {
        var bytes = Read(path, "--expect-policy", "the policy file", File.ReadAllBytes);
        var parsed = Policy.Parse(bytes);
        return parsed.Errors.FirstOrDefault() is { } error
            ? throw new UsageException($"--expect-policy \"{path}\": not a valid policy: {error}")
            : bytes;
    }

    /// <summary>A duration such as <c>10s</c>, <c>500ms</c>, <c>2m</c>, <c>1h</c>, or a number of seconds.</summary>
    internal static TimeSpan Duration(string value)
    {
        var text = value.Trim();
        var (number, scale) = text switch
        {
            _ when text.EndsWith("ms", StringComparison.OrdinalIgnoreCase) => (text[..^2], 0.001),
            _ when text.EndsWith('s') || text.EndsWith('S') => (text[..^1], 1.0),
            _ when text.EndsWith('m') || text.EndsWith('M') => (text[..^1], 60.0),
            _ when text.EndsWith('h') || text.EndsWith('H') => (text[..^1], 3600.0),
            _ => (text, 1.0),
        };
        // Positive after rounding to ticks: 1e-8 s is 0 ticks, a deadline the verifier refuses.
        if (double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var amount) && amount * scale <= 3600
            && TimeSpan.FromSeconds(amount * scale) is var duration && duration > TimeSpan.Zero)
        {
            return duration;
        }

        throw new UsageException($"--timeout \"{value}\": expected a positive duration up to 1 h such as 10s, 500ms, 2m or 1h");
    }

    private static X509Certificate2Collection Roots(string path)
    {
        var roots = Read(path, "--ca-file", "a PEM file of CA certificates", p =>
        {
            var pem = new X509Certificate2Collection();
            pem.ImportFromPemFile(p);
            return pem;
        });
        return roots.Count > 0 ? roots : throw new UsageException($"--ca-file \"{path}\": no PEM certificate in the file");
    }

    /// <summary>
    /// What <paramref name="read"/> makes of the file <paramref name="option"/> names. A directory is named as one (opening
    /// it fails with "access denied", which sends the user looking at permissions); a read error names the option and path.
    /// </summary>
    internal static T Read<T>(string path, string option, string expected, Func<string, T> read)
    {
        if (Directory.Exists(path))
        {
            throw new UsageException($"{option} \"{path}\": is a directory; expected {expected}");
        }

        try
        {
            return read(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw new UsageException($"{option} \"{path}\": {e.Message}");
        }
    }
}
