using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace Mail.MtaSts.Components;

/// <summary>
/// The post-deploy verification <see cref="MtaStsDomain"/> runs after an update (never in a preview): the checks of
/// <c>mta-sts verify</c> against the live domain, with the deployed policy as the expectation, retried while DNS and
/// caches propagate.
/// </summary>
public sealed class VerificationArgs
{
    /// <summary>Whether to verify after an update; default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How many times to verify before giving up; default 6 (about six minutes with the default delays).</summary>
    public int Attempts { get; set; } = 6;

    /// <summary>The wait before the first retry; it doubles after each attempt. Default 10 seconds.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The longest wait between attempts; default 2 minutes.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Whether to probe STARTTLS on port 25 of every MX host; default true (needs outbound port 25).</summary>
    public bool CheckSmtp { get; set; } = true;

    /// <summary>
    /// The DNS server for every lookup of the verification and of the publication gate (<see cref="PublicationGateArgs"/>),
    /// as <c>mta-sts verify --dns-server</c>; default null: the machine's resolvers.
    /// </summary>
    public IPEndPoint? DnsServer { get; set; }

    /// <summary>
    /// Extra trust roots for the policy host's and the MX hosts' certificates, for private or staging deployments, as
    /// <c>mta-sts verify --ca-file</c>; used by the verification and the publication gate. The machine's roots still count.
    /// </summary>
    public X509Certificate2Collection TrustRoots { get; } = [];

    /// <summary>
    /// The deadline of one verification attempt and of one fetch of the publication gate, as <c>mta-sts verify
    /// --timeout</c>; default 10 seconds.
    /// </summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Fail the update when a check still fails after the last attempt (each failure logged as an error against the
    /// component). Default false: failures and warnings are logged as warnings.
    /// </summary>
    public bool FailOnError { get; set; }
}
