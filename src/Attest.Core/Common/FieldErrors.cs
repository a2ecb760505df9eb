namespace Attest.Core.Common;

/// <summary>Collects field-level validation problems keyed by the field's JSON name.</summary>
public sealed class FieldErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    /// <summary>How many problems were found (over all fields).</summary>
    public int Count => _errors.Values.Sum(e => e.Count);

    public bool HasField(string field) => _errors.ContainsKey(field);

    public void Add(string field, string problem)
    {
        if (!_errors.TryGetValue(field, out var list))
            _errors[field] = list = [];
        list.Add(problem);
    }

    public void Required(string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) Add(field, "is required");
    }

    public void MaxLength(string field, string? value, int max)
    {
        if (value is not null && value.Length > max) Add(field, $"must be at most {max} characters (got {value.Length})");
    }

    public void Sha256(string field, string? value)
    {
        if (value is not null && !IsSha256Hex(value)) Add(field, "must be a SHA-256 digest: 64 lowercase hexadecimal characters");
    }

    public static bool IsSha256Hex(string value) =>
        value.Length == 64 && value.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');

    public IReadOnlyDictionary<string, string[]> ToDictionary() => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray());

    public Result<T> ToResult<T>() => Result<T>.Invalid(ToDictionary());
}
