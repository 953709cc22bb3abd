using System.Text.Json;
using System.Text.Json.Serialization;
using Mail.MtaSts.Cli.Verify;
using Mail.MtaSts.Hosted;

namespace Mail.MtaSts.Cli;

/// <summary>
/// The provider file of <c>mta-sts plan --hosted FILE</c>: <see cref="HostedSettings"/> as JSON, camelCase keys, modes
/// as <c>"testing"</c>, <c>"enforce"</c> or <c>"none"</c> (docs/hosted.md). An unknown key is refused rather than ignored,
/// so that a misspelt <c>"retire"</c> never leaves a domain live.
/// </summary>
internal static class ProviderFile
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        AllowTrailingCommas = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
    };

    /// <summary>The settings in <paramref name="path"/>, or a <see cref="UsageException"/> naming the option, the path and the fault.</summary>
    public static HostedSettings Read(string path) => VerifyInput.Read(path, "--hosted", "a provider file (JSON)", p =>
    {
        try
        {
            return JsonSerializer.Deserialize<HostedSettings>(File.ReadAllBytes(p), Options)
                ?? throw new UsageException($"--hosted \"{path}\": the file holds null, not a provider");
        }
        catch (JsonException e)
        {
            throw new UsageException($"--hosted \"{path}\": {e.Message}");
        }
    });
}
