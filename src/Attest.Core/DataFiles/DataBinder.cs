using System.Globalization;
using Attest.Engine.Classification;

namespace Attest.Core.DataFiles;

/// <summary>
/// Reads typed values out of a <see cref="DataMapping"/>, recording an error with file, line and key
/// path for anything missing, mistyped or unknown, and returning a default so reading can go on and
/// report every problem at once.
/// </summary>
public sealed class DataBinder(string file, List<DataError> errors)
{
    public string File { get; } = file;
    public List<DataError> Errors { get; } = errors;

    public static string Join(string path, string key) => path.Length == 0 ? key : path + "." + key;

    public void Error(int? line, string path, string message) => Errors.Add(new DataError(File, line, path, message));

    public void Error(DataNode node, string path, string message) => Error(node.Line, path, message);

    /// <summary>The node as a mapping; null (with an error unless <paramref name="optional"/> and absent/null) otherwise.</summary>
    public DataMapping? AsMapping(DataNode? node, string path, bool optional = false)
    {
        // A document that failed to parse has already been reported; its missing root is no news.
        if (node is null && path.Length == 0 && Errors.Any(e => e.File == File))
            return null;
        switch (node)
        {
            case DataMapping mapping:
                return mapping;
            case null or DataScalar { Kind: ScalarKind.Null } when optional:
                return null;
            case null:
                Error((int?)null, path, "expected a mapping");
                return null;
            default:
                Error(node, path, $"expected a mapping, got {node.Describe()}");
                return null;
        }
    }

    public void RejectUnknownKeys(DataMapping mapping, string path, IReadOnlyCollection<string> allowed)
    {
        foreach (var entry in mapping.Entries.Where(e => !allowed.Contains(e.Key)))
            Error(entry.Line, Join(path, entry.Key), $"unknown key; expected one of {string.Join(", ", allowed)}");
    }

    private DataNode? Value(DataMapping mapping, string key, string path, bool required)
    {
        var node = mapping[key];
        if (node is null && required)
            Error(mapping.Line, Join(path, key), "required key is missing");
        return node;
    }

    /// <param name="maxLength">The longest text accepted (in characters); longer is an error naming the key.</param>
    public string? String(DataMapping mapping, string key, string path, bool required = false, bool allowEmpty = false, int maxLength = int.MaxValue)
    {
        var node = Value(mapping, key, path, required);
        switch (node)
        {
            case null:
                return null;
            case DataScalar { Kind: ScalarKind.Null } when !required:
                return null;
            case DataScalar { Kind: ScalarKind.String or ScalarKind.Number or ScalarKind.Bool } s when s.Text.Length > maxLength:
                Error(node, Join(path, key), $"must be at most {maxLength} characters, got {s.Text.Length}");
                return null;
            case DataScalar { Kind: ScalarKind.String or ScalarKind.Number or ScalarKind.Bool } s when allowEmpty || s.Text.Trim().Length > 0:
                return s.Text;
            default:
                Error(node, Join(path, key), $"expected {(allowEmpty ? "" : "non-empty ")}text, got {node.Describe()}");
                return null;
        }
    }

    public bool Bool(DataMapping mapping, string key, string path, bool defaultValue = false, bool required = false)
    {
        var node = Value(mapping, key, path, required);
        if (node is null)
            return defaultValue;
        if (node is DataScalar { Kind: ScalarKind.Bool } b)
            return b.Text == "true";
        Error(node, Join(path, key), $"expected true or false, got {node.Describe()}");
        return defaultValue;
    }

    public double? Number(DataMapping mapping, string key, string path, bool required = false)
    {
        var node = Value(mapping, key, path, required);
        if (node is null or DataScalar { Kind: ScalarKind.Null })
            return null;
        if (node is DataScalar { Kind: ScalarKind.Number } n
            && double.TryParse(n.Text.Replace("_", "", StringComparison.Ordinal), NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            && double.IsFinite(value))
            return value;
        Error(node, Join(path, key), $"expected a number, got {node.Describe()}");
        return null;
    }

    public long? WholeNumber(DataMapping mapping, string key, string path, long min, long max, bool required = false)
    {
        var errorsBefore = Errors.Count;
        var value = Number(mapping, key, path, required);
        if (value is null)
            return null;
        if (value != Math.Floor(value.Value) || value < min || value > max)
        {
            if (Errors.Count == errorsBefore)
                Error(mapping[key]!, Join(path, key), $"expected a whole number from {min} to {max}, got {mapping[key]!.Describe()}");
            return null;
        }
        return (long)value.Value;
    }

    /// <summary>An enum value by its wire name; absent gives null, and so does an explicit null when <paramref name="allowNull"/>.</summary>
    public TEnum? Enum<TEnum>(DataMapping mapping, string key, string path, bool required = false, bool allowNull = false) where TEnum : struct, Enum
    {
        var node = Value(mapping, key, path, required);
        if (node is null || (node is DataScalar { Kind: ScalarKind.Null } && allowNull))
            return null;
        return EnumValue<TEnum>(node, Join(path, key));
    }

    public TEnum? EnumValue<TEnum>(DataNode node, string path) where TEnum : struct, Enum
    {
        if (node is DataScalar { Kind: ScalarKind.String } s && WireName.TryParse<TEnum>(s.Text, out var value))
            return value;
        Error(node, path, $"expected one of {string.Join(", ", WireName.All<TEnum>())}, got {node.Describe()}");
        return null;
    }

    /// <summary>A list (absent or null: empty). Each item is read by <paramref name="item"/>, which returns null after recording an error.</summary>
    public IReadOnlyList<T> List<T>(DataMapping mapping, string key, string path, Func<DataNode, string, T?> item, bool required = false)
    {
        var node = Value(mapping, key, path, required);
        if (node is null || (node is DataScalar { Kind: ScalarKind.Null } && !required))
            return [];
        if (node is not DataSequence sequence)
        {
            Error(node, Join(path, key), $"expected a list, got {node.Describe()}");
            return [];
        }
        var list = new List<T>();
        for (var i = 0; i < sequence.Items.Count; i++)
        {
            if (item(sequence.Items[i], $"{Join(path, key)}[{i}]") is { } value)
                list.Add(value);
        }
        return list;
    }

    public IReadOnlyList<TEnum> EnumList<TEnum>(DataMapping mapping, string key, string path) where TEnum : struct, Enum =>
        List(mapping, key, path, (node, itemPath) => EnumValue<TEnum>(node, itemPath) is { } v ? (TEnum?)v : null)
            .Select(v => v!.Value).ToArray();

    public IReadOnlyList<string> StringList(DataMapping mapping, string key, string path, bool required = false) =>
        List(mapping, key, path, (node, itemPath) =>
        {
            if (node is DataScalar { Kind: ScalarKind.String } s && s.Text.Trim().Length > 0)
                return s.Text;
            Error(node, itemPath, $"expected non-empty text, got {node.Describe()}");
            return null;
        }, required);

    /// <summary>The line of a key in a mapping, or of the mapping itself when the key is absent.</summary>
    public static int LineOf(DataMapping mapping, string key) =>
        mapping.Entries.FirstOrDefault(e => e.Key == key)?.Line ?? mapping.Line;
}
