using System.Collections.Immutable;
using Pulumi.Testing;

namespace Mail.MtaSts.Components.Tests;

/// <summary>
/// The outputs a cloud computes for the resources the component reads back (ARNs, domain names, ACM's validation
/// record). Shared by the test mocks and, linked, by the component benchmark.
/// </summary>
internal static class CloudOutputs
{
    public const string DistributionDomain = "d111111abcdef8.cloudfront.net";
    public const string CloudFrontZoneId = "Z2FDTNDATAQYW2";
    public const string ConnectionGroupEndpoint = "d3ccbb7e1a2f4c.cloudfront.net";
    public const string ReportApiEndpoint = "https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com";
    public const string ReportApiExecutionArn = "arn:aws:execute-api:eu-west-1:123456789012:a1b2c3d4e5";

    /// <summary>The inputs of a registration plus what the cloud would add to them.</summary>
    public static Dictionary<string, object> For(MockResourceArgs args)
    {
        var state = new Dictionary<string, object>(args.Inputs);
        switch (args.Type)
        {
            case "aws:s3/bucket:Bucket":
                state["arn"] = $"arn:aws:s3:::{args.Name}";
                state["bucketRegionalDomainName"] = $"{args.Name}.s3.eu-west-1.amazonaws.com";
                break;
            case "aws:acm/certificate:Certificate":
                state["arn"] = $"arn:aws:acm:us-east-1:123456789012:certificate/{args.Name}";
                state["domainValidationOptions"] = ImmutableArray.Create<object>(new Dictionary<string, object>
                {
                    ["domainName"] = args.Inputs["domainName"],
                    ["resourceRecordName"] = $"_3639ac514e785e898d2646601fa951d5.{args.Inputs["domainName"]}.",
                    ["resourceRecordType"] = "CNAME",
                    ["resourceRecordValue"] = "_98d2646601fa951d5ac514e785e8.mhbtsbpdnt.acm-validations.aws.",
                });
                break;
            case "aws:acm/certificateValidation:CertificateValidation":
                state["certificateArn"] = args.Inputs["certificateArn"];
                break;
            case "aws:cloudfront/distribution:Distribution":
                state["arn"] = $"arn:aws:cloudfront::123456789012:distribution/{args.Name}";
                state["domainName"] = DistributionDomain;
                state["hostedZoneId"] = CloudFrontZoneId;
                break;
            case "aws:iam/role:Role":
                state["arn"] = $"arn:aws:iam::123456789012:role/{args.Name}";
                break;
            case "aws:cloudwatch/logGroup:LogGroup":
                state["name"] = $"/aws/lambda/{args.Name}";
                state["arn"] = $"arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/{args.Name}";
                break;
            case "aws:lambda/function:Function":
                state["name"] = args.Name!;
                state["arn"] = $"arn:aws:lambda:eu-west-1:123456789012:function:{args.Name}";
                state["invokeArn"] = $"arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:{args.Name}/invocations";
                break;
            case "aws:apigatewayv2/api:Api":
                state["apiEndpoint"] = ReportApiEndpoint;
                state["executionArn"] = ReportApiExecutionArn;
                break;
            case "aws:cloudfront/multitenantDistribution:MultitenantDistribution":
                state["arn"] = $"arn:aws:cloudfront::123456789012:distribution/{args.Name}";
                state["domainName"] = DistributionDomain;
                break;
            case "aws:cloudfront/connectionGroup:ConnectionGroup":
                state["arn"] = $"arn:aws:cloudfront::123456789012:connection-group/{args.Name}";
                state["routingEndpoint"] = ConnectionGroupEndpoint;
                break;
            case "aws:cloudfront/function:Function":
                state["arn"] = $"arn:aws:cloudfront::123456789012:function/{args.Name}";
                break;
            case "aws:route53/record:Record":
                state["fqdn"] = args.Inputs["name"];
                break;
        }

        return state;
    }
}
