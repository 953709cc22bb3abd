using System.Text.Json.Nodes;
using Mail.MtaSts.Hosting;
using Pulumi;
using ApiGatewayV2 = Pulumi.Aws.ApiGatewayV2;
using CloudWatch = Pulumi.Aws.CloudWatch;
using Iam = Pulumi.Aws.Iam;
using Lambda = Pulumi.Aws.Lambda;
using S3 = Pulumi.Aws.S3;

namespace Mail.MtaSts.Components.Aws;

/// <summary>
/// The TLS report endpoint on AWS (RFC 8460 §5.4, docs/reports-endpoint.md): the Node.js handler the core renders, in a
/// Lambda function behind an API Gateway HTTP API, storing every report in a private, encrypted S3 bucket; CloudFront
/// sends the endpoint's path of the policy host to the API.
/// </summary>
/// <remarks>
/// An HTTP API rather than a function URL: its stage throttles requests (a flood is answered 429 before Lambda runs,
/// so it costs neither invocations nor storage), it takes bodies up to 10 MB (a function URL 6 MB, base64 included), and
/// Lambda is invoked by API Gateway alone, under a permission bound to this API; a public function URL needs a
/// resource policy letting anyone invoke it. The price, about 1 USD per million requests, is nothing at report volumes.
/// </remarks>
internal static class AwsReportEndpoint
{
    /// <summary>The stage of the API: <c>$default</c> is served at the root, so the path stays <see cref="ReportEndpoint.Path"/>.</summary>
    internal const string StageName = "$default";

    /// <summary>Memory of the function: a 16 MiB report decompressed and parsed fits with room (the default 128 MB does not).</summary>
    internal const int MemorySize = 512;

    /// <summary>Seconds the function may run: the API Gateway integration's own limit.</summary>
    internal const int TimeoutSeconds = 30;

    /// <summary>Days the function's log lines are kept.</summary>
    internal const int LogRetentionDays = 90;

    /// <summary>The prefix of the bucket's name; AWS adds a unique suffix.</summary>
    internal const string BucketPrefix = "tlsrpt-";

    /// <summary>Creates the endpoint's resources as children of <paramref name="parent"/>; the API's host is the CloudFront origin.</summary>
    public static (ReportCollection Collection, Output<string> OriginHost) Create(string name, ReportEndpoint endpoint, AwsHosting settings, Resource parent)
    {
        var child = new CustomResourceOptions { Parent = parent };

        // A private bucket: no ACLs, no public access, encrypted, reachable over TLS only; the function may only add objects.
        var bucket = new S3.Bucket($"{name}-reports", new S3.BucketArgs { BucketPrefix = BucketPrefix }, child);
        var publicAccess = new S3.BucketPublicAccessBlock($"{name}-reports-public-access", new S3.BucketPublicAccessBlockArgs
        {
            Bucket = bucket.Id,
            BlockPublicAcls = true,
            BlockPublicPolicy = true,
            IgnorePublicAcls = true,
            RestrictPublicBuckets = true,
        }, child);
        var ownership = new S3.BucketOwnershipControls($"{name}-reports-ownership", new S3.BucketOwnershipControlsArgs
        {
            Bucket = bucket.Id,
            Rule = new S3.Inputs.BucketOwnershipControlsRuleArgs { ObjectOwnership = "BucketOwnerEnforced" },
        }, child);
        var encryption = new S3.BucketServerSideEncryptionConfiguration($"{name}-reports-encryption",
            new S3.BucketServerSideEncryptionConfigurationArgs
            {
                Bucket = bucket.Id,
                Rules =
                {
                    new S3.Inputs.BucketServerSideEncryptionConfigurationRuleArgs
                    {
                        ApplyServerSideEncryptionByDefault =
                            new S3.Inputs.BucketServerSideEncryptionConfigurationRuleApplyServerSideEncryptionByDefaultArgs
                            {
                                SseAlgorithm = "AES256",
                            },
                    },
                },
            }, child);
        var bucketPolicy = new S3.BucketPolicy($"{name}-reports-tls-only", new S3.BucketPolicyArgs
        {
            Bucket = bucket.Id,
            Policy = bucket.Arn.Apply(TlsOnly),
        }, new CustomResourceOptions { Parent = parent, DependsOn = { publicAccess } });

        var logs = new CloudWatch.LogGroup($"{name}-report-logs", new CloudWatch.LogGroupArgs { RetentionInDays = LogRetentionDays }, child);
        var role = new Iam.Role($"{name}-report-role", new Iam.RoleArgs
        {
            Description = $"The TLS report endpoint {endpoint.Uri}: stores reports, writes its logs",
            AssumeRolePolicy = AssumedByLambda(),
        }, child);
        var rolePolicy = new Iam.RolePolicy($"{name}-report-role-policy", new Iam.RolePolicyArgs
        {
            Role = role.Id,
            Policy = Output.Tuple(bucket.Arn, logs.Arn).Apply(t => StoreReportsAndLog(t.Item1, t.Item2)),
        }, child);

        var function = new Lambda.Function($"{name}-report-function", new Lambda.FunctionArgs
        {
            Description = $"TLS report endpoint {endpoint.Uri} (RFC 8460 §5.4), rendered by Mail.MtaSts",
            Role = role.Arn,
            Runtime = ReportLambdaScript.Runtime,
            Handler = ReportLambdaScript.Handler,
            Architectures = { "arm64" },
            Code = new AssetArchive(new Dictionary<string, AssetOrArchive>
            {
                [ReportLambdaScript.FileName] = new StringAsset(ReportLambdaScript.Render(endpoint)),
            }),
            MemorySize = MemorySize,
            Timeout = TimeoutSeconds,
            Environment = new Lambda.Inputs.FunctionEnvironmentArgs { Variables = { { ReportLambdaScript.BucketVariable, bucket.Id } } },
            LoggingConfig = new Lambda.Inputs.FunctionLoggingConfigArgs { LogFormat = "Text", LogGroup = logs.Name },
            ReservedConcurrentExecutions = settings.ReportConcurrency is { } concurrency ? (Input<int>)concurrency : null,
        }, new CustomResourceOptions { Parent = parent, DependsOn = { rolePolicy, encryption, ownership } });

        var api = new ApiGatewayV2.Api($"{name}-report-api", new ApiGatewayV2.ApiArgs
        {
            ProtocolType = "HTTP",
            Description = $"TLS report endpoint {endpoint.Uri} (RFC 8460 §5.4)",
        }, child);
        var integration = new ApiGatewayV2.Integration($"{name}-report-integration", new ApiGatewayV2.IntegrationArgs
        {
            ApiId = api.Id,
            IntegrationType = "AWS_PROXY",
            IntegrationMethod = "POST",
            IntegrationUri = function.InvokeArn,
            // The event a function URL sends too: the handler reads payload format 2.0.
            PayloadFormatVersion = "2.0",
            TimeoutMilliseconds = TimeoutSeconds * 1000,
        }, child);
        // Any method on the one path reaches the handler, which answers 405 to all but POST; other paths get API Gateway's 404.
        var route = new ApiGatewayV2.Route($"{name}-report-route", new ApiGatewayV2.RouteArgs
        {
            ApiId = api.Id,
            RouteKey = $"ANY {ReportEndpoint.Path}",
            Target = Output.Format($"integrations/{integration.Id}"),
        }, child);
        var stage = new ApiGatewayV2.Stage($"{name}-report-stage", new ApiGatewayV2.StageArgs
        {
            ApiId = api.Id,
            Name = StageName,
            AutoDeploy = true,
            DefaultRouteSettings = new ApiGatewayV2.Inputs.StageDefaultRouteSettingsArgs
            {
                ThrottlingRateLimit = settings.ReportRequestsPerSecond,
                ThrottlingBurstLimit = settings.ReportBurst,
            },
        }, new CustomResourceOptions { Parent = parent, DependsOn = { route } });
        var permission = new Lambda.Permission($"{name}-report-invoke", new Lambda.PermissionArgs
        {
            Action = "lambda:InvokeFunction",
            Function = function.Name,
            Principal = "apigateway.amazonaws.com",
            SourceArn = Output.Format($"{api.ExecutionArn}/*/*"),
        }, child);

        var collection = new ReportCollection(
            [bucket, publicAccess, ownership, encryption, bucketPolicy, logs, role, rolePolicy, function, api, integration, route, stage, permission],
            bucket.Id,
            Output.Format($"aws s3 sync s3://{bucket.Id}/{ReportEndpoint.KeyPrefix} {ReportCollection.LocalDirectory}/ && {ReportCollection.Summarize}"));
        return (collection, api.ApiEndpoint.Apply(uri => new Uri(uri).Host));
    }

    /// <summary>The role's trust policy: only Lambda may assume it.</summary>
    internal static string AssumedByLambda() => new JsonObject
    {
        ["Version"] = "2012-10-17",
        ["Statement"] = new JsonArray(new JsonObject
        {
            ["Effect"] = "Allow",
            ["Principal"] = new JsonObject { ["Service"] = "lambda.amazonaws.com" },
            ["Action"] = "sts:AssumeRole",
        }),
    }.ToJsonString();

    /// <summary>
    /// What the function may do, and nothing more: add objects under <see cref="ReportEndpoint.KeyPrefix"/> of its bucket
    /// (no read, no delete, no other prefix or bucket) and write its own log streams.
    /// </summary>
    internal static string StoreReportsAndLog(string bucketArn, string logGroupArn) => new JsonObject
    {
        ["Version"] = "2012-10-17",
        ["Statement"] = new JsonArray(
            new JsonObject
            {
                ["Sid"] = "StoreReports",
                ["Effect"] = "Allow",
                ["Action"] = "s3:PutObject",
                ["Resource"] = $"{bucketArn}/{ReportEndpoint.KeyPrefix}*",
            },
            new JsonObject
            {
                ["Sid"] = "WriteLogs",
                ["Effect"] = "Allow",
                ["Action"] = new JsonArray("logs:CreateLogStream", "logs:PutLogEvents"),
                ["Resource"] = $"{logGroupArn}:*",
            }),
    }.ToJsonString();

    /// <summary>A bucket policy refusing every request not made over TLS.</summary>
    internal static string TlsOnly(string bucketArn) => new JsonObject
    {
        ["Version"] = "2012-10-17",
        ["Statement"] = new JsonArray(new JsonObject
        {
            ["Sid"] = "DenyInsecureTransport",
            ["Effect"] = "Deny",
            ["Principal"] = "*",
            ["Action"] = "s3:*",
            ["Resource"] = new JsonArray(bucketArn, $"{bucketArn}/*"),
            ["Condition"] = new JsonObject { ["Bool"] = new JsonObject { ["aws:SecureTransport"] = "false" } },
        }),
    }.ToJsonString();
}
