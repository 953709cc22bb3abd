using System.Diagnostics;
using System.Text.Json.Nodes;
using Mail.MtaSts.Hosted;
using Mail.MtaSts.Hosting;
using Mail.MtaSts.Tests.Hosted;

namespace Mail.MtaSts.World.Tests.Hosting;

/// <summary>
/// The CloudFront Function the core renders, run under Node (which tests/world/install.sh installs) on viewer-request
/// events shaped as CloudFront passes them (version 1.0: context, viewer, request with method, uri, querystring,
/// headers by lower-case name with a value, cookies). Node is not the cloudfront-js-2.0 runtime: the function keeps to
/// what both run (no modules, no I/O).
/// </summary>
public sealed class CloudFrontFunctionTests
{
    private static readonly HostedPlan Plan = HostedPlan.Create(Fleet.Of(25));

    [Fact]
    public async Task Each_policy_host_is_sent_to_its_own_object_of_the_bucket()
    {
        var results = await RunAsync([.. Plan.Domains.Select(d => Event("GET", DeploymentPlan.PolicyPath, d.HostName))]);

        for (var i = 0; i < Plan.Domains.Count; i++)
        {
            Assert.Equal("/" + CloudFrontFunction.ObjectKeyFor(Plan.Domains[i]), results[i]!["uri"]!.GetValue<string>());
            Assert.Equal("GET", results[i]!["method"]!.GetValue<string>());
        }
    }

    [Theory]
    [InlineData("HEAD", "MTA-STS.Customer-0002.EXAMPLE")]
    [InlineData("GET", "mta-sts.customer-0002.example.")]
    public async Task Any_case_and_a_trailing_dot_reach_the_same_object(string method, string host)
    {
        var result = Assert.Single(await RunAsync([Event(method, DeploymentPlan.PolicyPath, host)]))!;

        Assert.Equal("/mta-sts.customer-0002.example/.well-known/mta-sts.txt", result["uri"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("/", "mta-sts.customer-0001.example")]
    [InlineData("/.well-known/mta-sts.txt/", "mta-sts.customer-0001.example")]
    [InlineData("/customer-0002/.well-known/mta-sts.txt", "mta-sts.customer-0001.example")]
    [InlineData("/.well-known/mta-sts.txt", "www.customer-0001.example")]
    [InlineData("/.well-known/mta-sts.txt", "mta-sts.customer-0001.example/../mta-sts.customer-0002.example")]
    [InlineData("/.well-known/mta-sts.txt", "mta-sts..example")]
    [InlineData("/.well-known/mta-sts.txt", null)]
    public async Task Another_path_or_a_host_that_is_no_policy_host_answers_404_without_reaching_the_bucket(string uri, string? host)
    {
        var result = Assert.Single(await RunAsync([Event("GET", uri, host)]))!;

        Assert.Equal(404, result["statusCode"]!.GetValue<int>());
        Assert.Null(result["uri"]);
    }

    [Fact]
    public async Task Other_methods_answer_405_with_the_allowed_ones()
    {
        var result = Assert.Single(await RunAsync([Event("POST", DeploymentPlan.PolicyPath, Plan.Domains[0].HostName)]))!;

        Assert.Equal(405, result["statusCode"]!.GetValue<int>());
        Assert.Equal("GET, HEAD", result["headers"]!["allow"]!["value"]!.GetValue<string>());
    }

    private static JsonObject Event(string method, string uri, string? host) => new()
    {
        ["version"] = "1.0",
        ["context"] = new JsonObject
        {
            ["distributionDomainName"] = "d111111abcdef8.cloudfront.net",
            ["distributionId"] = "EDFDVBD6EXAMPLE",
            ["eventType"] = "viewer-request",
            ["requestId"] = "4TyzHTaYWb1GX1qTfsHhEqV6HUDd_BzoBZnwfnvQc_1oF26ClkoUSEQ==",
        },
        ["viewer"] = new JsonObject { ["ip"] = "198.51.100.11" },
        ["request"] = new JsonObject
        {
            ["method"] = method,
            ["uri"] = uri,
            ["querystring"] = new JsonObject(),
            ["headers"] = host is null ? new JsonObject() : new JsonObject { ["host"] = new JsonObject { ["value"] = host } },
            ["cookies"] = new JsonObject(),
        },
    };

    /// <summary>Runs the function on each event under Node; each result is the request it passes on or the response it answers.</summary>
    private static async Task<JsonArray> RunAsync(JsonObject[] events)
    {
        var directory = Directory.CreateTempSubdirectory("mtasts-cloudfront-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(directory, "function.js"), CloudFrontFunction.Code);
            File.WriteAllText(Path.Combine(directory, "events.json"), new JsonArray([.. events]).ToJsonString());
            File.WriteAllText(Path.Combine(directory, "run.js"), """
                const fs = require("fs");
                const handler = new Function(fs.readFileSync(process.argv[2], "utf8") + "\nreturn handler;")();
                const events = JSON.parse(fs.readFileSync(process.argv[3], "utf8"));
                process.stdout.write(JSON.stringify(events.map((e) => handler(e))));
                """);
            using var node = Process.Start(new ProcessStartInfo("node", ["run.js", "function.js", "events.json"])
            {
                WorkingDirectory = directory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            var output = node.StandardOutput.ReadToEndAsync();
            var error = node.StandardError.ReadToEndAsync();
            await node.WaitForExitAsync();
            Assert.True(node.ExitCode == 0, $"node exited {node.ExitCode}: {await error}");
            return JsonNode.Parse(await output)!.AsArray();
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
