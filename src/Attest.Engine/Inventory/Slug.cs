using System.Text.RegularExpressions;

namespace Attest.Engine.Inventory;

/// <summary>Human-readable identifiers used in URLs and on the command line.</summary>
public static partial class Slug
{
    public const int MaxLength = 64;

    public static bool IsValid(string? value) =>
        value is { Length: > 0 and <= MaxLength } && Pattern().IsMatch(value);

    public const string Rule = "lowercase letters, digits and single hyphens (e.g. credit-scoring), at most 64 characters";

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
