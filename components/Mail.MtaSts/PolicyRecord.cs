namespace Mail.MtaSts;

/// <summary>
/// The <c>_mta-sts.&lt;domain&gt;</c> TXT record (RFC 8461 §3.1): <c>v=STSv1; id=&lt;id&gt;</c>, announcing that the
/// domain has a policy and which version of it is current.
/// </summary>
public sealed class PolicyRecord
{
    /// <summary>The label the record is published under: <c>_mta-sts</c>.</summary>
    public const string Label = "_mta-sts";

    /// <summary>The version field every record starts with.</summary>
    public const string Version = "v=STSv1";

    private const string Section = "RFC 8461 §3.1";

    /// <summary>Creates a record for a policy id, with optional extension fields.</summary>
    public PolicyRecord(PolicyId id, IEnumerable<KeyValuePair<string, string>>? extensions = null)
    {
        Id = id;
        Extensions = extensions?.ToArray() ?? [];
    }

    /// <summary>The policy id.</summary>
    public PolicyId Id { get; }

    /// <summary>Extension fields, in record order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Extensions { get; }

    /// <summary>The record text: <c>v=STSv1; id=...</c> followed by any extensions.</summary>
    public override string ToString() =>
        $"{Version}; id={Id}" + string.Concat(Extensions.Select(e => $"; {e.Key}={e.Value}"));

    /// <summary>Parses one record with the full ABNF of RFC 8461 §3.1.</summary>
    /// <param name="txt">The record, its strings already concatenated.</param>
    public static ParseResult<PolicyRecord> Parse(string txt)
    {
        var (fields, errors) = TxtFields.Split(txt, Version, Section);
        var warnings = new List<Diagnostic>();
        PolicyId? id = null;
        var sawId = false;
        var extensions = new List<KeyValuePair<string, string>>();
        foreach (var (name, value) in fields)
        {
            if (name == "id" && !sawId)
            {
                sawId = true;
                var parsed = PolicyId.Parse(value);
                errors.AddRange(parsed.Errors);
                id = parsed.Value;
                continue;
            }

            if (TxtFields.CheckExtension(name, value, Section) is { } error)
            {
                errors.Add(error);
            }
            else if (name == "id")
            {
                warnings.Add(new Diagnostic(Severity.Warning, "id", value, "a second id field; senders use the first", Section));
            }
            else
            {
                extensions.Add(new(name, value));
            }
        }

        if (!sawId)
        {
            errors.Add(new Diagnostic(Severity.Error, "id", "", "the id field is required", Section));
        }

        return errors.Count > 0
            ? ParseResult<PolicyRecord>.Failure([.. errors, .. warnings])
            : ParseResult<PolicyRecord>.Success(new PolicyRecord(id!, extensions), warnings);
    }

    /// <summary>
    /// Whether a TXT record begins with <see cref="Version"/> as a whole field, so that senders take it for an STS record,
    /// valid or not; others are discarded (RFC 8461 §3.1): <c>v=STSv10</c> is not one.
    /// </summary>
    /// <param name="txt">The record, its strings already concatenated.</param>
    public static bool StartsWithVersion(string txt) => TxtFields.StartsWithVersion(txt, Version);

    /// <summary>
    /// Applies the sender's rule to all TXT records found at <c>_mta-sts.&lt;domain&gt;</c>: records not starting with
    /// <c>v=STSv1</c> are discarded; exactly one must remain and it must parse (RFC 8461 §3.1).
    /// </summary>
    /// <param name="txtRecords">Each TXT record with its strings concatenated.</param>
    public static ParseResult<PolicyRecord> Select(IEnumerable<string> txtRecords)
    {
        var (record, error) = TxtFields.SelectOne(txtRecords, Version, Section);
        return record is null ? ParseResult<PolicyRecord>.Failure(error!) : Parse(record);
    }
}
