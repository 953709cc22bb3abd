using System.Reflection;
using System.Text.Json.Nodes;
using Mail.MtaSts.Components.Aws;
using Mail.MtaSts.Components.Cloudflare;
using Pulumi.Experimental.Provider;

namespace Mail.MtaSts.Provider.Tests;

/// <summary>
/// The schema the provider serves, from which <c>pulumi package add</c> generates every language's SDK: each input,
/// output and type with its shape, plainness and requiredness, as schema.json states them.
/// </summary>
public sealed class SchemaTests
{
    /// <summary>
    /// The metadata <c>ComponentProviderHost.Serve</c> builds for the plugin (Program.cs): the package name it is given,
    /// the namespace from the assembly name's first part ("Mail"), and version 0.0.0.
    /// </summary>
    internal static readonly Metadata Served = new(MtaStsDomain.PackageName, Namespace: "mail", Version: "0.0.0");

    [Fact]
    public async Task The_provider_serves_the_schema_of_schema_json()
    {
        var provider = new ComponentProvider(typeof(MtaStsDomain).Assembly, Served);

        var response = await provider.GetSchema(new GetSchemaRequest(1, null, null), CancellationToken.None);

        var served = JsonNode.Parse(response.Schema!);
        var expected = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "schema.json")));
        Assert.True(JsonNode.DeepEquals(expected, served), $"the served schema differs from schema.json:{Environment.NewLine}{served}");
    }

    [Fact]
    public async Task The_component_keeps_the_type_token_of_the_csharp_component()
    {
        var provider = new ComponentProvider(typeof(MtaStsDomain).Assembly, Served);

        var response = await provider.GetSchema(new GetSchemaRequest(1, null, null), CancellationToken.None);

        var resources = JsonNode.Parse(response.Schema!)!["resources"]!.AsObject();
        Assert.Equal([Components.MtaStsDomain.TypeToken], resources.Select(r => r.Key));
    }

    [Theory]
    [InlineData(typeof(AwsHosting), "mtasts:index:AwsHosting")]
    [InlineData(typeof(CloudflareHosting), "mtasts:index:CloudflareHosting")]
    public async Task Every_setting_of_a_csharp_hosting_is_an_input_of_its_schema_type(Type hosting, string token)
    {
        var provider = new ComponentProvider(typeof(MtaStsDomain).Assembly, Served);

        var response = await provider.GetSchema(new GetSchemaRequest(1, null, null), CancellationToken.None);

        // AwsHosting.CertificateProvider is a resource reference, which the analyser refuses (docs/languages.md).
        var settings = hosting.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(p => p.CanWrite && p.Name != nameof(AwsHosting.CertificateProvider))
            .Select(p => char.ToLowerInvariant(p.Name[0]) + p.Name[1..]);
        var inputs = JsonNode.Parse(response.Schema!)!["types"]![token]!["properties"]!.AsObject().Select(p => p.Key);
        Assert.Equal(settings.Order(), inputs.Order());
    }
}
