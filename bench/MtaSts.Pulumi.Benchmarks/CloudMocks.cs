using System.Collections.Immutable;
using Pulumi.Testing;

namespace Mail.MtaSts.Pulumi.Benchmarks;

/// <summary>Engine mocks that answer every registration at once with the outputs the component reads.</summary>
internal sealed class CloudMocks : IMocks
{
    public Task<(string? id, object state)> NewResourceAsync(MockResourceArgs args)
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
                    ["resourceRecordName"] = $"_validation.{args.Inputs["domainName"]}.",
                    ["resourceRecordType"] = "CNAME",
                    ["resourceRecordValue"] = "_validation.acm-validations.aws.",
                });
                break;
            case "aws:acm/certificateValidation:CertificateValidation":
                state["certificateArn"] = args.Inputs["certificateArn"];
                break;
            case "aws:cloudfront/distribution:Distribution":
                state["arn"] = $"arn:aws:cloudfront::123456789012:distribution/{args.Name}";
                state["domainName"] = "d111111abcdef8.cloudfront.net";
                state["hostedZoneId"] = "Z2FDTNDATAQYW2";
                break;
        }

        return Task.FromResult<(string?, object)>(($"{args.Name}-id", state));
    }

    public Task<object> CallAsync(MockCallArgs args) => Task.FromResult<object>(args.Args);
}
