using System.CommandLine;
using System.CommandLine.Invocation;
using System.Reflection;

namespace Mail.MtaSts.Cli;

/// <summary>
/// <c>mta-sts --version</c>: the package version, read from this assembly. System.CommandLine's own action reads the
/// entry assembly, which is not the tool when the command line runs inside another process (a test host).
/// </summary>
internal sealed class VersionAction : SynchronousCommandLineAction
{
    /// <summary>The informational version: the package version, without a commit suffix (see the project file).</summary>
    public static string Version { get; } =
        typeof(VersionAction).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;

    /// <inheritdoc />
    public override int Invoke(ParseResult parseResult)
    {
        parseResult.InvocationConfiguration.Output.WriteLine(Version);
        return 0;
    }
}
