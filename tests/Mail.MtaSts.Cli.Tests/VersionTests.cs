using System.Reflection;

namespace Mail.MtaSts.Cli.Tests;

public class VersionTests
{
    /// <summary>The version Directory.Build.props gives every package, as this test assembly was built with it.</summary>
    private static readonly string PackageVersion = typeof(VersionTests).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "PackageVersion").Value!;

    [Fact]
    public async Task The_version_option_prints_the_package_version_and_nothing_else()
    {
        var (exit, output, error) = await CliRun.RunAsync("--version");

        Assert.Equal(0, exit);
        Assert.Equal(PackageVersion + Environment.NewLine, output);
        Assert.DoesNotContain('+', output);
        Assert.Equal("", error);
    }

    [Fact]
    public async Task The_version_option_with_a_subcommand_is_a_usage_error()
    {
        var (exit, output, error) = await CliRun.RunAsync("--version", "plan");

        Assert.Equal(MtaStsCli.UsageError, exit);
        Assert.Equal("", output);
        Assert.Contains("--version", error);
    }
}
