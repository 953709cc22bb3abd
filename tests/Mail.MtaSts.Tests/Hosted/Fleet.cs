using Mail.MtaSts.Hosted;

namespace Mail.MtaSts.Tests.Hosted;

/// <summary>
/// A provider's customers as they are in practice: most on Microsoft 365 or Google Workspace (the mx patterns those
/// services document), some on their own MX, in testing or enforce, a few with their own report address.
/// </summary>
internal static class Fleet
{
    public static HostedSettings Of(int count, string zone = "provider.example") => new()
    {
        Zone = zone,
        Rua = [$"https://reports.{zone}/tlsrpt", $"mailto:tlsrpt@{zone}"],
        Domains = [.. Enumerable.Range(1, count).Select(Customer)],
    };

    public static HostedDomainSettings Customer(int i)
    {
        var domain = $"customer-{i:0000}.example";
        return new HostedDomainSettings
        {
            Domain = domain,
            Mx = (i % 3) switch
            {
                0 => ["*.mail.protection.outlook.com"],
                1 => ["aspmx.l.google.com", "*.aspmx.l.google.com", "*.aspmx.googlemail.com"],
                _ => [$"mx1.{domain}", $"mx2.{domain}"],
            },
            Mode = i % 4 == 0 ? PolicyMode.Testing : PolicyMode.Enforce,
            MaxAge = i % 2 == 0 ? 604_800 : 86_400,
            Rua = i % 10 == 0 ? [$"mailto:tls-reports@{domain}"] : [],
        };
    }
}
