namespace Mail.MtaSts.Reporting;

/// <summary>One group of failed sessions, an element of <c>failure-details</c> (RFC 8460 §4.4).</summary>
public sealed class FailureDetails
{
    /// <summary>Creates a failure detail; empty strings of the report are passed as null.</summary>
    /// <param name="resultTypeName">The <c>result-type</c> as sent, lower-case.</param>
    /// <param name="failedSessionCount">The <c>failed-session-count</c>.</param>
    /// <param name="sendingMtaIp">The <c>sending-mta-ip</c>.</param>
    /// <param name="receivingMxHostname">The <c>receiving-mx-hostname</c>.</param>
    /// <param name="receivingMxHelo">The <c>receiving-mx-helo</c>.</param>
    /// <param name="receivingIp">The <c>receiving-ip</c>.</param>
    /// <param name="additionalInformation">The <c>additional-information</c> URI.</param>
    /// <param name="failureReasonCode">The <c>failure-reason-code</c>.</param>
    public FailureDetails(
        string resultTypeName,
        long failedSessionCount,
        string? sendingMtaIp = null,
        string? receivingMxHostname = null,
        string? receivingMxHelo = null,
        string? receivingIp = null,
        string? additionalInformation = null,
        string? failureReasonCode = null)
    {
        ResultTypeName = resultTypeName;
        ResultType = ResultTypeNames.Parse(resultTypeName);
        FailedSessionCount = failedSessionCount;
        SendingMtaIp = sendingMtaIp;
        ReceivingMxHostname = receivingMxHostname;
        ReceivingMxHelo = receivingMxHelo;
        ReceivingIp = receivingIp;
        AdditionalInformation = additionalInformation;
        FailureReasonCode = failureReasonCode;
    }

    /// <summary>The result type (§4.3); <see cref="ResultType.Other"/> when the name is not one of RFC 8460's.</summary>
    public ResultType ResultType { get; }

    /// <summary>The <c>result-type</c> as sent, lower-case.</summary>
    public string ResultTypeName { get; }

    /// <summary>The <c>failed-session-count</c>.</summary>
    public long FailedSessionCount { get; }

    /// <summary>
    /// The <c>sending-mta-ip</c>, or null when the reporter left it out. As read from a report: in RFC 5952's canonical
    /// form (<c>2001:db8::1</c>, <c>::ffff:192.0.2.1</c>), or as sent when it is not an IP address.
    /// </summary>
    public string? SendingMtaIp { get; }

    /// <summary>The <c>receiving-mx-hostname</c>, or null.</summary>
    public string? ReceivingMxHostname { get; }

    /// <summary>The <c>receiving-mx-helo</c>, or null.</summary>
    public string? ReceivingMxHelo { get; }

    /// <summary>The <c>receiving-ip</c>, or null; as read from a report, in the same canonical form as <see cref="SendingMtaIp"/>.</summary>
    public string? ReceivingIp { get; }

    /// <summary>The <c>additional-information</c> URI, or null.</summary>
    public string? AdditionalInformation { get; }

    /// <summary>The <c>failure-reason-code</c>, free text chosen by the reporter, or null.</summary>
    public string? FailureReasonCode { get; }
}
