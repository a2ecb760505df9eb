namespace Attest.Evaluation.Input;

/// <summary>
/// The strings pandas.read_csv treats as missing by default (na_values), so a sensitive value that pandas
/// would read as NaN goes to the explicit "(missing)" group here.
/// </summary>
public static class MissingValues
{
    public const string GroupName = "(missing)";

    private static readonly string[] Tokens =
    [
        "", "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN", "-nan", "1.#IND", "1.#QNAN", "<NA>", "N/A",
        "NA", "NULL", "NaN", "None", "n/a", "nan", "null",
    ];

    private static readonly System.Buffers.SearchValues<char> Marks = System.Buffers.SearchValues.Create("#<Nn");

    public static bool IsMissing(ReadOnlySpan<char> field)
    {
        if (field.IsEmpty) return true;
        if (field.Length > 8) return false;
        // every token holds one of these; numbers and most values do not
        if (!field.ContainsAny(Marks)) return false;
        foreach (var token in Tokens)
            if (field.SequenceEqual(token)) return true;
        return false;
    }
}
