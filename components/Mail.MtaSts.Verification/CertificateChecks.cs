using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Mail.MtaSts.Verification;

/// <summary>Judges a certificate the way a sender does: trusted chain, name, dates (RFC 8461 §3.3, §4.2; RFC 6125).</summary>
internal static class CertificateChecks
{
    /// <summary>Certificates that expire sooner than this are reported as a warning.</summary>
    internal static readonly TimeSpan ExpiryWarning = TimeSpan.FromDays(14);

    /// <summary>id-kp-serverAuth: a certificate that lists extended key usages must list this one to serve TLS (RFC 5280 §4.2.1.12).</summary>
    private const string ServerAuthentication = "1.3.6.1.5.5.7.3.1";

    /// <summary>anyExtendedKeyUsage, which allows every purpose (RFC 5280 §4.2.1.12).</summary>
    private const string AnyUsage = "2.5.29.37.0";

    /// <summary>The names RFC 5280 §4.2.1.12 gives the key purposes a certificate is likely to list.</summary>
    private static readonly Dictionary<string, string> KeyPurposes = new()
    {
        [ServerAuthentication] = "serverAuth",
        ["1.3.6.1.5.5.7.3.2"] = "clientAuth",
        ["1.3.6.1.5.5.7.3.3"] = "codeSigning",
        ["1.3.6.1.5.5.7.3.4"] = "emailProtection",
        ["1.3.6.1.5.5.7.3.8"] = "timeStamping",
        ["1.3.6.1.5.5.7.3.9"] = "OCSPSigning",
        [AnyUsage] = "anyExtendedKeyUsage",
    };

    /// <summary>
    /// The trust, name and expiry checks of <paramref name="tls"/>'s certificate for <paramref name="host"/>, each with
    /// why a sender refuses the certificate for it (<c>certificate not trusted</c>, <c>certificate name</c>,
    /// <c>certificate expired</c>), or <c>null</c> when it does not. Refusals get <paramref name="problem"/> as status (a
    /// fail, or a warning where a sender would still deliver); a certificate that expires soon is a warning a sender
    /// does not refuse. The ids are the policy host's or the MX hosts' (<see cref="CheckIds"/>), as <paramref name="area"/> says.
    /// </summary>
    internal static IEnumerable<(Check Check, string? Refusal)> Evaluate(
        CheckArea area, string host, TlsSession tls, X509ChainPolicy trust, string section, CheckStatus problem)
    {
        var (trustId, nameId, expiryId) = area == CheckArea.Mx
            ? (CheckIds.MxCertificateTrust, CheckIds.MxCertificateName, CheckIds.MxCertificateExpiry)
            : (CheckIds.PolicyHostCertificateTrust, CheckIds.PolicyHostCertificateName, CheckIds.PolicyHostCertificateExpiry);
        const string Untrusted = "certificate not trusted", WrongName = "certificate name", Expired = "certificate expired";
        var what = $"certificate of {host}";
        if (tls.Certificate is not { } certificate)
        {
            yield return (new Check(area, trustId, problem, $"{host} sent no certificate", section,
                "Configure the server with a certificate for " + host), Untrusted);
            yield break;
        }

        var subject = $"{what} (subject {Name(certificate.Subject)}, issuer {Name(certificate.Issuer)})";
        var chainProblem = ChainProblem(tls, certificate, trust);
        yield return chainProblem is null
            ? (new Check(area, trustId, CheckStatus.Pass, $"{subject} chains to a trusted root", section), null)
            : (new Check(area, trustId, problem, $"{subject} is not trusted: {chainProblem}", section,
                "Use a certificate from a public CA and serve the full chain (leaf and intermediates)"), Untrusted);

        yield return NameProblem(certificate, host) is not { } nameProblem
            ? (new Check(area, nameId, CheckStatus.Pass, $"{what} is valid for {host}", section), null)
            : (new Check(area, nameId, problem, $"{what} is not valid for {host}: {nameProblem}", section,
                $"Issue a certificate whose subject alternative names include {host}"), WrongName);

        var now = DateTimeOffset.UtcNow;
        var notAfter = new DateTimeOffset(certificate.NotAfter.ToUniversalTime());
        var notBefore = new DateTimeOffset(certificate.NotBefore.ToUniversalTime());
        var until = notAfter.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
        yield return true switch
        {
            _ when notAfter < now => (new Check(area, expiryId, problem, $"{what} expired on {until}", section,
                "Renew the certificate"), Expired),
            _ when notBefore > now => (new Check(area, expiryId, problem,
                $"{what} is not valid before {notBefore:yyyy-MM-dd HH:mm} UTC", section, "Check the server's clock and the certificate's dates"), Expired),
            _ when notAfter - now < ExpiryWarning => (new Check(area, expiryId, CheckStatus.Warn,
                $"{what} expires on {until}, in {(notAfter - now).TotalDays:0.#} days", section, "Renew the certificate now"), null),
            _ => (new Check(area, expiryId, CheckStatus.Pass, $"{what} is valid until {until}", section), null),
        };
    }

    /// <summary>
    /// The chain policy of every handshake and of the second try with the system's roots: the extra roots when given
    /// (else the system's), certificates for server authentication only (RFC 5280 §4.2.1.12), no revocation check (MTAs
    /// do not check revocation, and it works offline), no downloads of intermediates (a server must send them), and
    /// dates left to the expiry check.
    /// </summary>
    internal static X509ChainPolicy Trust(IReadOnlyList<X509Certificate2> roots)
    {
        var policy = new X509ChainPolicy
        {
            RevocationMode = X509RevocationMode.NoCheck,
            DisableCertificateDownloads = true,
            VerificationFlags = X509VerificationFlags.IgnoreNotTimeValid,
        };
        policy.ApplicationPolicy.Add(new Oid(ServerAuthentication));
        if (roots.Count > 0)
        {
            policy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            policy.CustomTrustStore.AddRange(roots.ToArray());
        }

        return policy;
    }

    /// <summary>
    /// Why a chain is not trusted, or <c>null</c>: the problems of a chain that did not build, or an issuer out of
    /// date. The chain policy ignores dates so that the expiry check can report the leaf's; every other certificate
    /// of the path must be in date too (RFC 5280 §6.1.3), and senders refuse an expired intermediate.
    /// </summary>
    internal static string? Problem(X509Chain chain, bool built)
    {
        if (!built)
        {
            return Describe(chain);
        }

        var now = DateTime.Now;
        var issuer = chain.ChainElements.Skip(1).Select(e => e.Certificate).FirstOrDefault(c => c.NotAfter < now || c.NotBefore > now);
        return issuer switch
        {
            null => null,
            _ when issuer.NotAfter < now => $"the issuer {Name(issuer.Subject)} expired on {Utc(issuer.NotAfter)}",
            _ => $"the issuer {Name(issuer.Subject)} is not valid before {Utc(issuer.NotBefore)}",
        };
    }

    /// <summary>The problems of a chain that did not build, in words.</summary>
    private static string Describe(X509Chain chain)
    {
        var statuses = chain.ChainStatus
            .Where(s => s.Status != X509ChainStatusFlags.NoError)
            .Select(s => s.Status == X509ChainStatusFlags.NotValidForUsage ? UsageProblem(chain)
                : s.StatusInformation.Trim().Length > 0 ? s.StatusInformation.Trim() : s.Status.ToString())
            .Distinct()
            .ToList();
        return statuses.Count > 0 ? string.Join("; ", statuses) : "the chain does not end in a trusted root";
    }

    /// <summary>
    /// Which certificate of the chain is not for server authentication, with the usages it lists: one that lists
    /// extended key usages without serverAuth (or anyExtendedKeyUsage) cannot serve TLS (RFC 5280 §4.2.1.12).
    /// </summary>
    private static string UsageProblem(X509Chain chain)
    {
        const string Needed = "without serverAuth (1.3.6.1.5.5.7.3.1), which a TLS server's certificate needs (RFC 5280 §4.2.1.12)";
        foreach (var (element, index) in chain.ChainElements.Select((e, i) => (e, i)))
        {
            var who = index == 0 ? "it" : $"the issuer {Name(element.Certificate.Subject)}";
            try
            {
                var usages = element.Certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().SelectMany(e => e.EnhancedKeyUsages.Cast<Oid>())
                    .Select(o => o.Value ?? "").ToList();
                if (usages.Count > 0 && !usages.Contains(ServerAuthentication) && !usages.Contains(AnyUsage))
                {
                    var named = usages.Select(o => KeyPurposes.TryGetValue(o, out var name) ? $"{name} ({o})" : o);
                    return $"{who} lists the extended key usage {string.Join(", ", named)}, {Needed}";
                }
            }
            catch (CryptographicException e)
            {
                return $"the extended key usage of {(index == 0 ? "the certificate" : who)} cannot be read ({e.Message}): it must allow serverAuth (1.3.6.1.5.5.7.3.1, RFC 5280 §4.2.1.12)";
            }
        }

        return $"the chain is not valid for serverAuth (1.3.6.1.5.5.7.3.1), which a TLS server's certificate needs (RFC 5280 §4.2.1.12)";
    }

    /// <summary>
    /// Why the chain is not trusted, or <c>null</c>: the handshake's verdict, and when that used the extra roots and
    /// failed, a second try with the system's roots (the extra roots add to them).
    /// </summary>
    private static string? ChainProblem(TlsSession tls, X509Certificate2 certificate, X509ChainPolicy trust)
    {
        if (tls.ChainProblem is null || trust.TrustMode != X509ChainTrustMode.CustomRootTrust)
        {
            return tls.ChainProblem;
        }

        using var chain = new X509Chain { ChainPolicy = Trust([]) };
        chain.ChainPolicy.ExtraStore.AddRange(tls.Intermediates);
        try
        {
            return chain.Build(certificate) ? Problem(chain, built: true) : tls.ChainProblem;
        }
        finally
        {
            // The chain's elements are certificates of their own, which X509Chain.Dispose does not release.
            foreach (var element in chain.ChainElements)
            {
                element.Certificate.Dispose();
            }
        }
    }

    private static string Utc(DateTime time) => time.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    /// <summary>
    /// Why the certificate is not valid for <paramref name="host"/> (RFC 6125 §6.4, subject alternative names only), or
    /// <c>null</c>. A server's certificate is untrusted input: a SAN that does not decode is a finding, not a crash.
    /// </summary>
    private static string? NameProblem(X509Certificate2 certificate, string host)
    {
        try
        {
            return certificate.MatchesHostname(host, allowWildcards: true, allowCommonName: false) ? null : $"it names {Names(certificate)}";
        }
        catch (CryptographicException e)
        {
            return $"its subject alternative names cannot be read: {e.Message}";
        }
        catch (ArgumentException)
        {
            // An MX target from DNS that is no host name (e.g. "-mx.example.com"): no certificate can name it.
            return $"\"{host}\" is not a valid host name (RFC 1123 §2.1)";
        }
    }

    private static string Names(X509Certificate2 certificate)
    {
        var names = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>()
            .SelectMany(e => e.EnumerateDnsNames())
            .Select(Name)
            .ToList();
        return names.Count > 0 ? string.Join(", ", names) : $"no DNS names (subject {Name(certificate.Subject)})";
    }

    /// <summary>A name from a certificate, which the server chose: its control characters escaped for the message.</summary>
    private static string Name(string name) => ServedText.Printable(name, ServedText.Whole);
}
