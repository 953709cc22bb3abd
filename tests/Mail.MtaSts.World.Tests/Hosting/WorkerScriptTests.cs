using System.Net;

namespace Mail.MtaSts.World.Tests.Hosting;

/// <summary>The rendered Worker, run for real under workerd, serves a policy as RFC 8461 §3.3 requires.</summary>
public sealed class WorkerScriptTests(WorkerScriptFixture fixture) : IClassFixture<WorkerScriptFixture>
{
    private const string PolicyPath = DeploymentPlan.PolicyPath;

    [Theory]
    [InlineData("policy")]
    [InlineData("awkward")]
    public async Task Get_on_the_policy_path_serves_the_exact_bytes_as_text_plain(string script)
    {
        using var client = fixture.Workerd.ClientFor(script);

        using var response = await client.GetAsync(PolicyPath);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(WorkerScriptFixture.Plan.ContentType, response.Content.Headers.ContentType?.ToString());
        Assert.Equal(WorkerScriptFixture.Plan.CacheControl, response.Headers.CacheControl?.ToString());
        var expected = script == "policy" ? WorkerScriptFixture.Plan.PolicyBytes : WorkerScriptFixture.Awkward;
        Assert.Equal(expected, await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Head_on_the_policy_path_answers_200_without_a_body()
    {
        using var client = fixture.Workerd.ClientFor("policy");

        using var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, PolicyPath));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(WorkerScriptFixture.Plan.ContentType, response.Content.Headers.ContentType?.ToString());
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/.well-known/")]
    [InlineData("/.well-known/mta-sts.txt/")]
    [InlineData("/.well-known/MTA-STS.TXT")]
    [InlineData("/mta-sts.txt")]
    public async Task Other_paths_answer_404_and_never_redirect(string path)
    {
        using var client = fixture.Workerd.ClientFor("policy");

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [Theory]
    [InlineData("POST")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    [InlineData("OPTIONS")]
    public async Task Other_methods_answer_405_with_the_allowed_ones(string method)
    {
        using var client = fixture.Workerd.ClientFor("policy");

        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), PolicyPath)
        {
            Content = method is "POST" or "PUT" ? new StringContent("mode: none") : null,
        });

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(["GET", "HEAD"], response.Content.Headers.Allow);
    }
}
