using System.Net;
using System.Text;

namespace Mail.MtaSts.Verification;

/// <summary>
/// What one fetch of <c>https://mta-sts.&lt;domain&gt;/.well-known/mta-sts.txt</c> by a <see cref="PublicationGate"/>
/// found, compared with the bytes it waits for. <see cref="ToString"/> says it in one line.
/// </summary>
public sealed class ServedPolicy
{
    internal ServedPolicy(int fetch, string? problem)
    {
        Fetch = fetch;
        Problem = problem;
    }

    internal ServedPolicy(int fetch, IPEndPoint? endpoint, int status, string? contentType, byte[] body, ReadOnlySpan<byte> expected, string? problem)
    {
        Fetch = fetch;
        Endpoint = endpoint;
        Status = status;
        ContentType = contentType;
        Length = body.Length;
        Problem = problem;
        var same = body.AsSpan().SequenceEqual(expected);
        // RFC 8461 §3.3: only the body of a 200 is a policy; an error page has no id a sender would cache.
        if (status == 200 && body.Length <= Policy.MaxSize)
        {
            Id = PolicyId.ForPolicy(body);
        }

        if (status == 200 && !same)
        {
            Difference = PolicyDifference.First(body, expected);
        }

        Matches = same && problem is null;
    }

    /// <summary>The fetch's number, from 1.</summary>
    public int Fetch { get; }

    /// <summary>Whether a sender fetching now would get exactly the expected bytes: trusted HTTPS, status 200, text/plain, the same bytes.</summary>
    public bool Matches { get; }

    /// <summary>The address that answered; <c>null</c> when no connection was made.</summary>
    public IPEndPoint? Endpoint { get; }

    /// <summary>The HTTP status; <c>null</c> when no response arrived.</summary>
    public int? Status { get; }

    /// <summary>The <c>Content-Type</c> header as sent; <c>null</c> when absent or when no response arrived.</summary>
    public string? ContentType { get; }

    /// <summary>How many bytes of the body were read (at most <see cref="Policy.MaxSize"/> + 1).</summary>
    public int Length { get; }

    /// <summary>The id the served body would have (<c>PolicyId.ForPolicy</c>), for a body of status 200.</summary>
    public PolicyId? Id { get; }

    /// <summary>
    /// Where a body of status 200 first differs from the expected bytes, e.g. <c>line 4 is "max_age: 86400", expected
    /// "max_age: 604800"</c>; <c>null</c> when they are the same or the status was not 200.
    /// </summary>
    public string? Difference { get; }

    /// <summary>
    /// Why a sender would not take this answer (certificate, status, content type, each with its rule and section), or
    /// why there was none (DNS, connection, TLS, HTTP, deadline); <c>null</c> when nothing is wrong but the bytes.
    /// </summary>
    public string? Problem { get; }

    /// <summary>The fetch in one line: status, content type, size and address, how the bytes differ, their id, what is wrong.</summary>
    public override string ToString()
    {
        if (Status is not { } status)
        {
            return Problem ?? "no answer";
        }

        var type = ContentType is null ? "no Content-Type" : $"Content-Type \"{ServedText.Printable(ContentType)}\"";
        var text = new StringBuilder($"HTTP {status}, {type}, {Length} bytes from {Endpoint}");
        if (Matches)
        {
            return text.Append(": the expected policy").ToString();
        }

        if (Difference is not null)
        {
            text.Append(": ").Append(Difference);
        }
        else if (status == 200)
        {
            text.Append(": the expected bytes");
        }

        if (Id is not null && Difference is not null)
        {
            text.Append("; their id would be ").Append(Id.Value);
        }

        if (Problem is not null)
        {
            text.Append("; ").Append(Problem);
        }

        return text.ToString();
    }
}
