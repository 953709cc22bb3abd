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
            case "aws:route53/record:Record":
                state["fqdn"] = args.Inputs["name"];
                break;
        }

        return state;
    }
}
