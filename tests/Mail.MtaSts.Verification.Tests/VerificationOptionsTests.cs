using System.Net;

namespace Mail.MtaSts.Verification.Tests;

/// <summary>
/// Options that cannot work are refused where they are given, with the field, the value and the rule, not by an
/// exception from deep inside the first lookup.
/// </summary>
public sealed class VerificationOptionsTests
{
    [Theory]
    [InlineData("0.0.0.0:53")]
    [InlineData("[::]:53")]
    [InlineData("127.0.0.1:0")]
    public void A_DNS_server_that_names_no_server_is_refused_when_set(string value)
    {
        var options = new VerificationOptions();

        var error = Assert.Throws<ArgumentException>(() => options.DnsServer = IPEndPoint.Parse(value));

        Assert.Equal("DnsServer", error.ParamName);
        Assert.StartsWith($"DnsServer \"{value}\": ", error.Message);
        Assert.Contains("0.0.0.0 and :: are no destination (RFC 1122 §3.2.1.3, RFC 4291 §2.5.2)", error.Message);
        Assert.Contains("port 0 is reserved (RFC 6335 §6)", error.Message);
        Assert.Null(options.DnsServer);
    }

    [Fact]
    public void A_DNS_server_changed_to_no_server_after_it_was_set_is_refused_by_the_verifier()
    {
        // IPEndPoint is mutable: the verifier checks again when it reads the options.
        var options = new VerificationOptions { DnsServer = new IPEndPoint(IPAddress.Loopback, 53) };
        options.DnsServer.Address = IPAddress.IPv6Any;

        var error = Assert.Throws<ArgumentException>(() => new Verifier(options));

        Assert.Equal("DnsServer", error.ParamName);
        Assert.StartsWith("DnsServer \"[::]:53\": ", error.Message);
    }

    [Theory]
    [InlineData("127.0.0.53:53")]
    [InlineData("[::1]:5353")]
    public void A_DNS_server_address_and_port_are_accepted(string value)
    {
        var options = new VerificationOptions { DnsServer = IPEndPoint.Parse(value) };

        _ = new Verifier(options);

        Assert.Equal(value, options.DnsServer.ToString());
    }

    [Theory]
    [InlineData("Timeout")]
    [InlineData("RetryDelay")]
    [InlineData("MaxRetryDelay")]
    public void A_wait_longer_than_a_day_is_refused_by_the_verifier_not_by_a_timer_during_the_run(string field)
    {
        // CancelAfter and Task.Delay throw for waits of about 50 days and more, in the middle of a verification.
        var options = new VerificationOptions { MaxRetryDelay = TimeSpan.FromDays(1) };
        var days = TimeSpan.FromDays(60);
        _ = field switch
        {
            "Timeout" => options.Timeout = days,
            "RetryDelay" => options.RetryDelay = options.MaxRetryDelay = days,
            _ => options.MaxRetryDelay = days,
        };

        var error = Assert.ThrowsAny<ArgumentException>(() => new Verifier(options));

        Assert.Equal(field, error.ParamName);
        Assert.Contains("1.00:00:00", error.Message);
    }

    [Fact]
    public void An_expected_policy_that_is_no_policy_is_refused_by_the_verifier()
    {
        // An empty file given as the deployed policy: every deployment would fail policy-host.expected-policy and
        // dns.expected-id. Refusing it names the slip where it was made.
        var options = new VerificationOptions { ExpectedPolicy = [] };

        var error = Assert.Throws<ArgumentException>(() => new Verifier(options));

        Assert.Equal("ExpectedPolicy", error.ParamName);
        Assert.StartsWith("ExpectedPolicy (0 bytes) is not a valid policy: ", error.Message);
        Assert.Contains("RFC 8461 §3.2", error.Message);
    }

    [Fact]
    public void A_valid_expected_policy_is_accepted()
    {
        var options = new VerificationOptions
        {
            ExpectedPolicy = System.Text.Encoding.ASCII.GetBytes("version: STSv1\nmode: testing\nmx: mx.example.com\nmax_age: 86400\n"),
        };

        _ = new Verifier(options);
    }
}
