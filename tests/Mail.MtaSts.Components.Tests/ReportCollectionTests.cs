using System.Collections.Immutable;
using System.Text.Json;
using Mail.MtaSts.Components.Aws;
using Mail.MtaSts.Hosting;
using static Mail.MtaSts.Components.Tests.TestDeployment;

namespace Mail.MtaSts.Components.Tests;

/// <summary>
/// <see cref="MtaStsDomainArgs.CollectTlsReports"/>: the report endpoint (RFC 8460 §5.4, docs/reports-endpoint.md) on each
/// cloud, the TLS-RPT record that lists it, and the outputs that say where the reports are.
/// </summary>
public sealed class ReportCollectionTests
{
    private const string Uri = "https://mta-sts.example.com/tlsrpt";
    private const string Record = "v=TLSRPTv1; rua=mailto:tlsrpt@example.com,https://mta-sts.example.com/tlsrpt";

    private static readonly ReportEndpoint Endpoint = new("mta-sts.example.com", [DomainName.Parse("example.com")]);

    [Fact]
    public async Task On_aws_it_adds_a_bucket_a_function_behind_an_http_api_and_its_role_and_nothing_without_the_setting()
    {
        var with = new RecordingMocks();
        var without = new RecordingMocks();

        await DeployAsync(with, Collecting(OnAws()));
        await DeployAsync(without, Args(OnAws()));

        var added = with.Registrations.GroupBy(r => r.Type).ToDictionary(g => g.Key, g => g.Count() - without.OfType(g.Key).Count)
            .Where(t => t.Value != 0).ToDictionary();
        Assert.Equal(new Dictionary<string, int>
        {
            ["aws:s3/bucket:Bucket"] = 1,
            ["aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"] = 1,
            ["aws:s3/bucketOwnershipControls:BucketOwnershipControls"] = 1,
            ["aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration"] = 1,
            ["aws:s3/bucketPolicy:BucketPolicy"] = 1,
            ["aws:cloudwatch/logGroup:LogGroup"] = 1,
            ["aws:iam/role:Role"] = 1,
            ["aws:iam/rolePolicy:RolePolicy"] = 1,
            ["aws:lambda/function:Function"] = 1,
            ["aws:lambda/permission:Permission"] = 1,
            ["aws:apigatewayv2/api:Api"] = 1,
            ["aws:apigatewayv2/integration:Integration"] = 1,
            ["aws:apigatewayv2/route:Route"] = 1,
            ["aws:apigatewayv2/stage:Stage"] = 1,
        }, added);
    }

    [Fact]
    public async Task On_aws_the_report_bucket_is_private_encrypted_and_reachable_over_tls_only()
    {
        var mocks = new RecordingMocks();

        await DeployAsync(mocks, Collecting(OnAws()));

        var bucket = ReportBucket(mocks);
        Assert.Equal(AwsReportEndpoint.BucketPrefix, bucket.String("bucketPrefix"));
        Assert.False(bucket.Inputs.ContainsKey("acl"));
        var block = Of(mocks, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", bucket);
        Assert.All(["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"], key => Assert.True((bool)block.Inputs[key], key));
        Assert.Equal("BucketOwnerEnforced", Of(mocks, "aws:s3/bucketOwnershipControls:BucketOwnershipControls", bucket).Map("rule")["objectOwnership"]);
        var encryption = Of(mocks, "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", bucket);
        var rule = Assert.Single(((ImmutableArray<object>)encryption.Inputs["rules"]).Cast<ImmutableDictionary<string, object>>());
        Assert.Equal("AES256", ((ImmutableDictionary<string, object>)rule["applyServerSideEncryptionByDefault"])["sseAlgorithm"]);

        using var policy = JsonDocument.Parse(Of(mocks, "aws:s3/bucketPolicy:BucketPolicy", bucket).String("policy"));
        var statement = Assert.Single(policy.RootElement.GetProperty("Statement").EnumerateArray());
        Assert.Equal(("Deny", "*", "s3:*"), (statement.GetProperty("Effect").GetString(), statement.GetProperty("Principal").GetString(), statement.GetProperty("Action").GetString()));
        Assert.Equal("false", statement.GetProperty("Condition").GetProperty("Bool").GetProperty("aws:SecureTransport").GetString());
        Assert.Equal([$"arn:aws:s3:::{bucket.Name}", $"arn:aws:s3:::{bucket.Name}/*"], statement.GetProperty("Resource").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task On_aws_the_function_may_only_put_objects_under_the_report_prefix_of_its_bucket_and_write_its_log_group()
    {
        var mocks = new RecordingMocks();

        await DeployAsync(mocks, Collecting(OnAws()));

        var role = mocks.Single("aws:iam/role:Role");
        using var trust = JsonDocument.Parse(role.String("assumeRolePolicy"));
        var assume = Assert.Single(trust.RootElement.GetProperty("Statement").EnumerateArray());
        Assert.Equal("lambda.amazonaws.com", assume.GetProperty("Principal").GetProperty("Service").GetString());
        Assert.Equal("sts:AssumeRole", assume.GetProperty("Action").GetString());

        var rolePolicy = mocks.Single("aws:iam/rolePolicy:RolePolicy");
        Assert.Equal(role.Id, rolePolicy.String("role"));
        using var policy = JsonDocument.Parse(rolePolicy.String("policy"));
        var statements = policy.RootElement.GetProperty("Statement").EnumerateArray().ToList();
        Assert.All(statements, s => Assert.Equal("Allow", s.GetProperty("Effect").GetString()));
        Assert.Equal(2, statements.Count);
        var store = statements.Single(s => s.GetProperty("Sid").GetString() == "StoreReports");
        Assert.Equal("s3:PutObject", store.GetProperty("Action").GetString());
        Assert.Equal($"arn:aws:s3:::{ReportBucket(mocks).Name}/reports/*", store.GetProperty("Resource").GetString());
        var logs = statements.Single(s => s.GetProperty("Sid").GetString() == "WriteLogs");
        Assert.Equal(["logs:CreateLogStream", "logs:PutLogEvents"], logs.GetProperty("Action").EnumerateArray().Select(a => a.GetString()));
        var logGroup = mocks.Single("aws:cloudwatch/logGroup:LogGroup");
        Assert.Equal($"arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/{logGroup.Name}:*", logs.GetProperty("Resource").GetString());
        // Nothing but those two statements names an action: no read, delete or list of reports, no other bucket.
        Assert.DoesNotContain("s3:GetObject", rolePolicy.String("policy"));
        Assert.DoesNotContain("\"*\"", rolePolicy.String("policy"));
    }

    [Fact]
    public async Task On_aws_the_function_runs_the_rendered_handler_on_node_with_its_bucket_and_log_group()
    {
        var mocks = new RecordingMocks();

        await DeployAsync(mocks, Collecting(OnAws()));

        var function = mocks.Single("aws:lambda/function:Function");
        Assert.Equal(("nodejs22.x", "index.handler"), (function.String("runtime"), function.String("handler")));
        Assert.Equal($"arn:aws:iam::123456789012:role/{mocks.Single("aws:iam/role:Role").Name}", function.String("role"));
        Assert.True(function.Inputs.ContainsKey("code"));
        var variables = (ImmutableDictionary<string, object>)function.Map("environment")["variables"];
        Assert.Equal(ReportBucket(mocks).Id, variables[ReportLambdaScript.BucketVariable]);
        Assert.Equal($"/aws/lambda/{mocks.Single("aws:cloudwatch/logGroup:LogGroup").Name}", function.Map("loggingConfig")["logGroup"]);
        Assert.Equal(512, Convert.ToInt32(function.Inputs["memorySize"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.False(function.Inputs.ContainsKey("reservedConcurrentExecutions"));
    }

    [Fact]
    public async Task On_aws_only_this_api_may_invoke_the_function_and_its_stage_throttles_requests()
    {
        var mocks = new RecordingMocks();
        var hosting = OnAws();
        hosting.ReportRequestsPerSecond = 5;
        hosting.ReportBurst = 8;
        hosting.ReportConcurrency = 3;

        await DeployAsync(mocks, Collecting(hosting));

        var function = mocks.Single("aws:lambda/function:Function");
        var permission = mocks.Single("aws:lambda/permission:Permission");
        Assert.Equal(("lambda:InvokeFunction", "apigateway.amazonaws.com", function.Name), (permission.String("action"), permission.String("principal"), permission.String("function")));
        Assert.Equal($"{CloudOutputs.ReportApiExecutionArn}/*/*", permission.String("sourceArn"));
        var integration = mocks.Single("aws:apigatewayv2/integration:Integration");
        Assert.Equal(("AWS_PROXY", "2.0"), (integration.String("integrationType"), integration.String("payloadFormatVersion")));
        Assert.EndsWith($":function:{function.Name}/invocations", integration.String("integrationUri"));
        var route = mocks.Single("aws:apigatewayv2/route:Route");
        Assert.Equal(("ANY /tlsrpt", $"integrations/{integration.Id}"), (route.String("routeKey"), route.String("target")));
        var stage = mocks.Single("aws:apigatewayv2/stage:Stage");
        Assert.Equal(("$default", true), (stage.String("name"), (bool)stage.Inputs["autoDeploy"]));
        var throttling = stage.Map("defaultRouteSettings");
        Assert.Equal((5.0, 8), (Convert.ToDouble(throttling["throttlingRateLimit"], System.Globalization.CultureInfo.InvariantCulture), Convert.ToInt32(throttling["throttlingBurstLimit"], System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(3, Convert.ToInt32(function.Inputs["reservedConcurrentExecutions"], System.Globalization.CultureInfo.InvariantCulture));
        var api = mocks.Single("aws:apigatewayv2/api:Api");
        Assert.All([integration, route, stage], r => Assert.Equal(api.Id, r.String("apiId")));
        Assert.Equal("HTTP", api.String("protocolType"));
    }

    [Fact]
    public async Task On_aws_the_distribution_sends_the_report_path_to_the_api_uncached_with_every_method_and_the_rest_to_the_bucket()
    {
        var mocks = new RecordingMocks();

        await DeployAsync(mocks, Collecting(OnAws()));

        var distribution = mocks.Single("aws:cloudfront/distribution:Distribution");
        var origins = ((ImmutableArray<object>)distribution.Inputs["origins"]).Cast<ImmutableDictionary<string, object>>().ToList();
        Assert.Equal(2, origins.Count);
        var api = origins.Single(o => (string)o["domainName"] == "a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com");
        var custom = (ImmutableDictionary<string, object>)api["customOriginConfig"];
        Assert.Equal("https-only", custom["originProtocolPolicy"]);
        Assert.Equal(["TLSv1.2"], ((ImmutableArray<object>)custom["originSslProtocols"]).Cast<string>());
        var behavior = Assert.Single(((ImmutableArray<object>)distribution.Inputs["orderedCacheBehaviors"]).Cast<ImmutableDictionary<string, object>>());
        Assert.Equal((ReportEndpoint.Path, api["originId"], "https-only"), (behavior["pathPattern"], behavior["targetOriginId"], behavior["viewerProtocolPolicy"]));
        Assert.Equal(["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"], ((ImmutableArray<object>)behavior["allowedMethods"]).Cast<string>().Order());
        Assert.Equal(AwsHosting.CachingDisabledPolicyId, behavior["cachePolicyId"]);
        Assert.Equal(AwsHosting.AllViewerExceptHostHeaderPolicyId, behavior["originRequestPolicyId"]);
        Assert.Equal(["GET", "HEAD"], ((ImmutableArray<object>)distribution.Map("defaultCacheBehavior")["allowedMethods"]).Cast<string>());
    }

    [Fact]
    public async Task On_cloudflare_a_worker_with_an_r2_binding_runs_on_a_route_for_the_report_path_of_the_policy_host()
    {
        var with = new RecordingMocks();
        var without = new RecordingMocks();

        await DeployAsync(with, Collecting(OnCloudflare()));
        await DeployAsync(without, Args(OnCloudflare()));

        Assert.Equal(without.Registrations.Count + 3, with.Registrations.Count);
        var bucket = with.Single("cloudflare:index/r2Bucket:R2Bucket");
        Assert.Equal((CloudflareAccountId, "tlsrpt-example-com"), (bucket.String("accountId"), bucket.String("name")));
        var worker = Assert.Single(with.OfType("cloudflare:index/workersScript:WorkersScript"), s => s.String("scriptName") == "tlsrpt-example-com");
        Assert.Equal(ReportWorkerScript.Render(Endpoint), worker.String("content"));
        Assert.Equal((ReportWorkerScript.MainModule, ReportWorkerScript.CompatibilityDate, CloudflareAccountId),
            (worker.String("mainModule"), worker.String("compatibilityDate"), worker.String("accountId")));
        var binding = Assert.Single(((ImmutableArray<object>)worker.Inputs["bindings"]).Cast<ImmutableDictionary<string, object>>());
        Assert.Equal(("REPORTS", "r2_bucket", "tlsrpt-example-com"), (binding["name"], binding["type"], binding["bucketName"]));
        var route = with.Single("cloudflare:index/workersRoute:WorkersRoute");
        Assert.Equal(("mta-sts.example.com/tlsrpt", "tlsrpt-example-com", CloudflareZoneId), (route.String("pattern"), route.String("script"), route.String("zoneId")));
        var customDomain = with.Single("cloudflare:index/workersCustomDomain:WorkersCustomDomain");
        Assert.True(customDomain.Completed < route.Started, "the route was made before the host it routes on");
    }

    [Theory]
    [InlineData("aws")]
    [InlineData("cloudflare")]
    public async Task The_tls_rpt_record_lists_the_endpoint_beside_the_mailto_uri_once_the_endpoint_answers(string cloud)
    {
        var mocks = new RecordingMocks();
        string[] endpoint = cloud == "aws"
            ? ["aws:lambda/function:Function", "aws:apigatewayv2/stage:Stage", "aws:lambda/permission:Permission", "aws:cloudfront/distribution:Distribution"]
            : ["cloudflare:index/r2Bucket:R2Bucket", "cloudflare:index/workersRoute:WorkersRoute"];
        // Held back: without the dependency the record would register first.
        mocks.Slow.UnionWith(endpoint);

        var (component, _) = await DeployAsync(mocks, Collecting(cloud == "aws" ? OnAws() : OnCloudflare()));

        var record = Assert.Single(mocks.Registrations, r => r.Inputs.TryGetValue("name", out var name) && (string)name == "_smtp._tls.example.com");
        Assert.Contains(Record, cloud == "aws" ? Assert.Single(record.Strings("records")) : record.String("content"));
        Assert.All(mocks.Registrations.Where(r => endpoint.Contains(r.Type)), r => Assert.True(r.Completed < record.Started, $"{r.Type} was not live before the record"));
        Assert.Equal(Record, await ValueAsync(component.TlsRptRecord));
        Assert.Equal(Uri, await ValueAsync(component.ReportEndpoint));
    }

    [Fact]
    public async Task The_outputs_name_the_bucket_and_the_command_that_fetches_and_summarises_the_reports()
    {
        var aws = new RecordingMocks();
        var cloudflare = new RecordingMocks();

        var (onAws, _) = await DeployAsync(aws, Collecting(OnAws()));
        var (onCloudflare, _) = await DeployAsync(cloudflare, Collecting(OnCloudflare()));

        var bucket = ReportBucket(aws).Id;
        Assert.Equal(bucket, await ValueAsync(onAws.ReportBucket));
        Assert.Equal($"aws s3 sync s3://{bucket}/reports/ ./tls-reports/ && mta-sts reports summarize ./tls-reports --html tls-reports.html",
            await ValueAsync(onAws.ReportsCommand));
        Assert.Equal("tlsrpt-example-com", await ValueAsync(onCloudflare.ReportBucket));
        Assert.Equal($"aws s3 sync s3://tlsrpt-example-com/reports/ ./tls-reports/ --endpoint-url https://{CloudflareAccountId}.r2.cloudflarestorage.com && mta-sts reports summarize ./tls-reports --html tls-reports.html",
            await ValueAsync(onCloudflare.ReportsCommand));
    }

    [Fact]
    public async Task Without_collection_the_report_outputs_are_null()
    {
        var (component, _) = await DeployAsync(new RecordingMocks(), Args(OnAws()));

        Assert.Null(await ValueAsync(component.ReportEndpoint));
        Assert.Null(await ValueAsync(component.ReportBucket));
        Assert.Null(await ValueAsync(component.ReportsCommand));
    }

    [Fact]
    public void Throttling_that_would_refuse_every_report_is_refused_when_set_naming_the_field()
    {
        var hosting = OnAws();

        var rate = Assert.Throws<MtaStsException>(() => hosting.ReportRequestsPerSecond = 0);
        var burst = Assert.Throws<MtaStsException>(() => hosting.ReportBurst = -1);
        var concurrency = Assert.Throws<MtaStsException>(() => hosting.ReportConcurrency = 0);

        Assert.Equal(("AwsHosting.ReportRequestsPerSecond", "0"), (rate.Diagnostics[0].Field, rate.Diagnostics[0].Value));
        Assert.Equal(("AwsHosting.ReportBurst", "-1"), (burst.Diagnostics[0].Field, burst.Diagnostics[0].Value));
        Assert.Equal(("AwsHosting.ReportConcurrency", "0"), (concurrency.Diagnostics[0].Field, concurrency.Diagnostics[0].Value));
    }

    private static MtaStsDomainArgs Collecting(PolicyHosting hosting)
    {
        var args = Args(hosting);
        args.CollectTlsReports = true;
        return args;
    }

    /// <summary>The report bucket: the one whose name starts with the report prefix (the policy bucket has its own).</summary>
    private static Registration ReportBucket(RecordingMocks mocks) =>
        Assert.Single(mocks.OfType("aws:s3/bucket:Bucket"), b => b.String("bucketPrefix") == AwsReportEndpoint.BucketPrefix);

    private static Registration Of(RecordingMocks mocks, string type, Registration bucket) =>
        Assert.Single(mocks.OfType(type), r => r.String("bucket") == bucket.Id);
}
