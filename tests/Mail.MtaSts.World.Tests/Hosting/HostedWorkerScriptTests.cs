using System.Net;
using Mail.MtaSts.Hosted;
using Mail.MtaSts.Hosting;
using Mail.MtaSts.Tests.Hosted;

namespace Mail.MtaSts.World.Tests.Hosting;

/// <summary>The one hosted Worker, run for real under workerd, serves each domain's exact policy by Host (RFC 8461 §3.3, §8.2).</summary>
public sealed class HostedWorkerScriptTests(HostedWorkerScriptTests.Fixture fixture) : IClassFixture<HostedWorkerScriptTests.Fixture>
{
    private const string PolicyPath = DeploymentPlan.PolicyPath;
    private const string Unknown = "mta-sts.not-a-customer.example";

    [Fact]
    public async Task Every_domain_gets_its_own_exact_bytes_as_text_plain()
    {
        foreach (var domain in fixture.Plan.Domains)
        {
            using var client = fixture.Workerd.ClientFor("hosted", domain.HostName);

            using var response = await client.GetAsync(PolicyPath);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(domain.ContentType, response.Content.Headers.ContentType?.ToString());
            Assert.Equal(domain.CacheControl, response.Headers.CacheControl?.ToString());
            Assert.Equal(domain.PolicyBytes, await response.Content.ReadAsByteArrayAsync());
        }
    }

    [Fact]
    public async Task A_retiring_domain_is_served_mode_none()
    {
        var retiring = fixture.Plan.Domains.Single(d => d.Retiring);
        using var client = fixture.Workerd.ClientFor("hosted", retiring.HostName);

        var policy = Policy.Parse(await client.GetByteArrayAsync(PolicyPath));

        Assert.Equal(PolicyMode.None, policy.Value!.Mode);
    }

    [Fact]
    public async Task The_host_is_matched_in_any_case()
    {
        var domain = fixture.Plan.Domains[3];
        using var client = fixture.Workerd.ClientFor("hosted", domain.HostName);
        using var request = new HttpRequestMessage(HttpMethod.Get, PolicyPath);
        request.Headers.Host = domain.HostName.ToUpperInvariant();

        using var response = await client.SendAsync(request);

        Assert.Equal(domain.PolicyBytes, await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_host_it_does_not_serve_answers_404()
    {
        using var client = fixture.Workerd.ClientFor("hosted", Unknown);

        using var response = await client.GetAsync(PolicyPath);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/.well-known/mta-sts.txt/")]
    [InlineData("/.well-known/MTA-STS.TXT")]
    public async Task Other_paths_answer_404_and_never_redirect(string path)
    {
        using var client = fixture.Workerd.ClientFor("hosted", fixture.Plan.Domains[0].HostName);

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task Head_answers_200_without_a_body()
    {
        using var client = fixture.Workerd.ClientFor("hosted", fixture.Plan.Domains[1].HostName);

        using var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, PolicyPath));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("POST")]
    [InlineData("DELETE")]
    public async Task Other_methods_answer_405_with_the_allowed_ones(string method)
    {
        using var client = fixture.Workerd.ClientFor("hosted", fixture.Plan.Domains[1].HostName);

        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), PolicyPath));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(["GET", "HEAD"], response.Content.Headers.Allow);
    }

    /// <summary>The plan of 40 customers, one of them retiring, served by one workerd with a certificate for every host.</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        private Workerd? workerd;

        public HostedPlan Plan { get; } = Create();

        internal Workerd Workerd => workerd ?? throw new InvalidOperationException("workerd is not running");

        public async Task InitializeAsync() =>
            workerd = await Workerd.StartAsync(
                [new Workerd.Script("hosted", HostedWorkerScript.Render(Plan))],
                HostedWorkerScript.CompatibilityDate,
                [.. Plan.Domains.Select(d => d.HostName), Unknown]);

        public async Task DisposeAsync()
        {
            if (workerd != null)
            {
                await workerd.DisposeAsync();
            }
        }

        private static HostedPlan Create()
        {
            var settings = Fleet.Of(40);
            settings.Domains[9].Retire = true;
            return HostedPlan.Create(settings);
        }
    }
}
