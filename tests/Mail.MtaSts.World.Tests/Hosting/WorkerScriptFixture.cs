using System.Text;
using Mail.MtaSts.Hosting;

namespace Mail.MtaSts.World.Tests.Hosting;

/// <summary>Renders Worker scripts and runs them under one workerd process for the tests in a class.</summary>
public sealed class WorkerScriptFixture : IAsyncLifetime
{
    /// <summary>A realistic deployment: enforce mode, a host and a wildcard pattern (RFC 8461 §3.2).</summary>
    public static readonly DeploymentPlan Plan = DeploymentPlan.Create(new PolicySettings
    {
        Domain = "example.com",
        Mx = ["mail.example.com", "*.mail.protection.outlook.com"],
        Mode = PolicyMode.Enforce,
        Rua = ["mailto:tlsrpt@example.com"],
    });

    /// <summary>
    /// Bytes that a careless inlining would change: JS string and template delimiters, a script end tag, CRLF,
    /// a BOM, non-ASCII UTF-8, NUL and bytes that are not UTF-8 at all.
    /// </summary>
    public static readonly byte[] Awkward =
    [
        .. Encoding.UTF8.GetBytes("\uFEFFversion: STSv1\r\nmode: testing\r\nmx: \"quoted\" \\ `tick` ${x} </script> é✓\r\n"),
        0x00, 0x7F, 0x80, 0xFE, 0xFF, (byte)'\n',
    ];

    private Workerd? workerd;

    internal Workerd Workerd => workerd ?? throw new InvalidOperationException("workerd is not running");

    public async Task InitializeAsync()
    {
        workerd = await Workerd.StartAsync(
            new Dictionary<string, string>
            {
                ["policy"] = WorkerScript.Render(Plan),
                ["awkward"] = WorkerScript.Render(Workerd.HostName, Awkward, Plan.ContentType, Plan.CacheControl),
            },
            WorkerScript.CompatibilityDate);
    }

    public async Task DisposeAsync()
    {
        if (workerd != null)
        {
            await workerd.DisposeAsync();
        }
    }
}
