namespace Mail.MtaSts;

/// <summary>
/// The field syntax shared by the <c>_mta-sts</c> record (RFC 8461 §3.1) and the <c>_smtp._tls</c> record
/// (RFC 8460 §3): <c>version 1*(delim field) [delim]</c> with <c>delim = *WSP ";" *WSP</c> and fields
/// <c>name=value</c>.
/// </summary>
internal static class TxtFields
{
    /// <summary>Whether a TXT record begins with <paramref name="version"/> as a whole field.</summary>
    /// <remarks>
    /// RFC 8461 §3.1 and RFC 8460 §3 discard records that do not begin with the version and ";". A record such as
    /// <c>v=STSv1 ; id=1</c> (WSP before the delimiter, which the ABNF allows) or a bare <c>v=STSv1</c> is counted
    /// here as a record of this kind, valid or not, rather than discarded: it is plainly meant as one, and mox does
    /// the same. Beside a second record this means "no policy" where a literal reading would keep the other one.
    /// </remarks>
    public static bool StartsWithVersion(string txt, string version) =>
        txt.StartsWith(version, StringComparison.Ordinal) &&
        (txt.Length == version.Length || txt[version.Length] is ';' or ' ' or '\t');

    /// <summary>Splits a record into its fields after the version, or returns the syntax errors.</summary>
    public static (List<KeyValuePair<string, string>> Fields, List<Diagnostic> Errors) Split(
        string txt, string version, string section)
    {
        var fields = new List<KeyValuePair<string, string>>();
        var errors = new List<Diagnostic>();
        if (!StartsWithVersion(txt, version))
        {
            errors.Add(new Diagnostic(Severity.Error, "v", txt.Split(';')[0],
                $"the record must start with \"{version}\" (case-sensitive)", section));
            return (fields, errors);
        }

        var parts = txt[version.Length..].Split(';');
        if (parts[0].Trim(' ', '\t').Length > 0)
        {
            errors.Add(new Diagnostic(Severity.Error, "v", version + parts[0],
                $"fields are separated by \";\" after \"{version}\"", section));
        }

        for (var i = 1; i < parts.Length; i++)
        {
            var field = parts[i].Trim(' ', '\t');
            if (field.Length == 0)
            {
                if (i != parts.Length - 1)
                {
                    errors.Add(new Diagnostic(Severity.Error, "record", txt,
                        "an empty field: only one \";\" may separate fields, and only one may end the record", section));
                }

                continue;
            }

            var eq = field.IndexOf('=');
            if (eq <= 0)
            {
                errors.Add(new Diagnostic(Severity.Error, "field", field, "each field is name=value", section));
                continue;
            }

            fields.Add(new(field[..eq], field[(eq + 1)..]));
        }

        return (fields, errors);
    }

    /// <summary>Checks an extension field: name <c>(ALPHA / DIGIT) *31(ALPHA / DIGIT / "_" / "-" / ".")</c>, value <c>1*(%x21-3A / %x3C / %x3E-7E)</c>.</summary>
    public static Diagnostic? CheckExtension(string name, string value, string section)
    {
        if (!PolicyParser.IsExtensionName(name))
        {
            return new Diagnostic(Severity.Error, name, value,
                "an extension name is a letter or digit, then up to 31 letters, digits, \"_\", \"-\" or \".\"", section);
        }

        return value.Length > 0 && value.All(c => c is >= '!' and <= '~' and not ';' and not '=')
            ? null
            : new Diagnostic(Severity.Error, name, value,
                "an extension value is one or more printable ASCII characters other than \";\" and \"=\"", section);
    }

    /// <summary>
    /// Applies the selection rule both RFCs share: among all TXT records at the name, keep those that begin with the
    /// version; exactly one must remain (RFC 8461 §3.1, RFC 8460 §3).
    /// </summary>
    public static (string? Record, Diagnostic? Error) SelectOne(IEnumerable<string> txtRecords, string version, string section)
    {
        var all = txtRecords as IReadOnlyList<string> ?? txtRecords.ToList();
        var candidates = all.Where(r => StartsWithVersion(r, version)).ToList();
        return candidates.Count switch
        {
            1 => (candidates[0], null),
            0 => (null, NoRecord(all, version, section)),
            _ => (null, new Diagnostic(Severity.Error, "record", string.Join(" | ", candidates),
                $"{candidates.Count} TXT records start with \"{version}\"; senders then act as if there were none", section)),
        };
    }

    /// <summary>Why no record counts; names a near miss (quoted, or the version in the wrong case) when there is one.</summary>
    private static Diagnostic NoRecord(IReadOnlyList<string> txtRecords, string version, string section)
    {
        foreach (var txt in txtRecords)
        {
            var why = txt.StartsWith('"') && StartsWithVersion(txt.Trim('"'), version)
                ? "surrounding quotes are how DNS tools display TXT strings, not part of the record; " +
                  "give the text inside them, a record's strings joined without spaces"
                : txt.StartsWith(version, StringComparison.OrdinalIgnoreCase) && !txt.StartsWith(version, StringComparison.Ordinal)
                    ? $"the record must start with \"{version}\", which is case-sensitive"
                    : StartsWithVersion(txt.TrimStart(' ', '\t'), version)
                        ? $"the record must start with \"{version}\", not with spaces"
                        : null;
            if (why is not null)
            {
                return new Diagnostic(Severity.Error, "record", txt, $"{why}; as it is, senders discard this record", section);
            }
        }

        return new Diagnostic(Severity.Error, "record", "",
            $"no TXT record starting with \"{version}\": senders act as if the domain published none", section);
    }
}
