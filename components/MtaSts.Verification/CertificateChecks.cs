using System.Globalization;
using System.Security.Cryptography.X509Certificates;

namespace MtaSts.Verification;

/// <summary>Judges a certificate the way a sender does: trusted chain, name, dates (RFC 8461 §3.3, §4.2; RFC 6125).</summary>
internal static class CertificateChecks
{
    /// <summary>Certificates that expire sooner than this are reported as a warning.</summary>
    internal static readonly TimeSpan ExpiryWarning = TimeSpan.FromDays(14);

    /// <summary>
    /// The trust, name and expiry checks of <paramref name="tls"/>'s certificate for <paramref name="host"/>;
    /// problems get <paramref name="problem"/> as status (a fail, or a warning where a sender would still deliver).
    /// </summary>
    internal static IEnumerable<Check> Evaluate(
        CheckArea area, string idPrefix, string host, TlsSession tls, VerificationOptions options, string section, CheckStatus problem)
    {
        var what = $"certificate of {host}";
        if (tls.Certificate is not { } certificate)
        {
            yield return new Check(area, $"{idPrefix}.certificate", problem, $"{host} sent no certificate", section,
                "Configure the server with a certificate for " + host);
            yield break;
        }

        var subject = $"{what} (subject {certificate.Subject}, issuer {certificate.Issuer})";
        var chainProblem = ChainProblem(certificate, tls.Intermediates, options);
        yield return chainProblem is null
            ? new Check(area, $"{idPrefix}.trust", CheckStatus.Pass, $"{subject} chains to a trusted root", section)
            : new Check(area, $"{idPrefix}.trust", problem, $"{subject} is not trusted: {chainProblem}", section,
                "Use a certificate from a public CA and serve the full chain (leaf and intermediates)");

        yield return certificate.MatchesHostname(host, allowWildcards: true, allowCommonName: false)
            ? new Check(area, $"{idPrefix}.name", CheckStatus.Pass, $"{what} is valid for {host}", section)
            : new Check(area, $"{idPrefix}.name", problem, $"{what} is not valid for {host}: it names {Names(certificate)}", section,
                $"Issue a certificate whose subject alternative names include {host}");

        var now = DateTimeOffset.UtcNow;
        var notAfter = new DateTimeOffset(certificate.NotAfter.ToUniversalTime());
        var notBefore = new DateTimeOffset(certificate.NotBefore.ToUniversalTime());
        var until = notAfter.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
        yield return true switch
        {
            _ when notAfter < now => new Check(area, $"{idPrefix}.expiry", problem, $"{what} expired on {until}", section,
                "Renew the certificate"),
            _ when notBefore > now => new Check(area, $"{idPrefix}.expiry", problem,
                $"{what} is not valid before {notBefore:yyyy-MM-dd HH:mm} UTC", section, "Check the server's clock and the certificate's dates"),
            _ when notAfter - now < ExpiryWarning => new Check(area, $"{idPrefix}.expiry", CheckStatus.Warn,
                $"{what} expires on {until}, in {(notAfter - now).TotalDays:0.#} days", section, "Renew the certificate now"),
            _ => new Check(area, $"{idPrefix}.expiry", CheckStatus.Pass, $"{what} is valid until {until}", section),
        };
    }

    /// <summary>Why the chain is not trusted, or <c>null</c>; dates are judged separately by the expiry check.</summary>
    private static string? ChainProblem(X509Certificate2 certificate, X509Certificate2Collection intermediates, VerificationOptions options)
    {
        string? problem = null;
        if (options.TrustRoots.Count > 0)
        {
            problem = Build(certificate, intermediates, options.TrustRoots);
            if (problem is null)
            {
                return null;
            }
        }

        var system = Build(certificate, intermediates, null);
        return system is null ? null : problem ?? system;
    }

    private static string? Build(X509Certificate2 certificate, X509Certificate2Collection intermediates, X509Certificate2Collection? roots)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck; // MTAs do not check revocation; offline-safe
        chain.ChainPolicy.DisableCertificateDownloads = true; // never fetch intermediates: a server must send them
        chain.ChainPolicy.VerificationFlags = X509VerificationFlags.IgnoreNotTimeValid;
        chain.ChainPolicy.ExtraStore.AddRange(intermediates);
        if (roots is not null)
        {
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        }

        if (chain.Build(certificate))
        {
            return null;
        }

        var statuses = chain.ChainStatus
            .Where(s => s.Status != X509ChainStatusFlags.NoError)
            .Select(s => s.StatusInformation.Trim().Length > 0 ? s.StatusInformation.Trim() : s.Status.ToString())
            .Distinct();
        return string.Join("; ", statuses);
    }

    private static string Names(X509Certificate2 certificate)
    {
        var names = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>()
            .SelectMany(e => e.EnumerateDnsNames())
            .ToList();
        return names.Count > 0 ? string.Join(", ", names) : $"no DNS names (subject {certificate.Subject})";
    }
}
