using System.Globalization;
using System.Text.Json;

namespace Attest.Engine.Ledger;

/// <summary>
/// Strict readers for the fields of export lines and pack files. Each returns null and sets an error
/// naming the field when the value is missing or not exactly the form Attest writes — a value that
/// reads back differently from how it was written would let bytes change unnoticed.
/// </summary>
internal static class LedgerJsonFields
{
    public static string? String(JsonElement obj, string name, ref string? error)
    {
        if (error is not null) return null;
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.String)
        {
            error = $"'{name}' must be a string";
            return null;
        }
        return value.GetString();
    }

    public static long? Integer(JsonElement obj, string name, ref string? error)
    {
        if (error is not null) return null;
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var number))
        {
            error = $"'{name}' must be an integer";
            return null;
        }
        return number;
    }

    public static JsonElement? Object(JsonElement obj, string name, ref string? error)
    {
        if (error is not null) return null;
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.Object)
        {
            error = $"'{name}' must be an object";
            return null;
        }
        return value;
    }

    /// <summary>Lowercase hex of exactly <paramref name="chars"/> characters.</summary>
    public static string? Hex(JsonElement obj, string name, int chars, ref string? error)
    {
        var value = String(obj, name, ref error);
        if (value is null) return null;
        if (value.Length != chars || !value.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f'))
        {
            error = $"'{name}' must be {chars} lowercase hex characters";
            return null;
        }
        return value;
    }

    /// <summary>A UTC time exactly as <see cref="LedgerHashing.FormatTime"/> writes it.</summary>
    public static DateTimeOffset? Time(JsonElement obj, string name, ref string? error)
    {
        var value = String(obj, name, ref error);
        if (value is null) return null;
        if (!DateTimeOffset.TryParseExact(value, "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            || LedgerHashing.FormatTime(time) != value)
        {
            error = $"'{name}' must be a UTC time like 2026-01-02T03:04:05.0000000Z";
            return null;
        }
        return time;
    }

    /// <summary>Base64 in its one canonical spelling (padding, no stray bits), of the given decoded length.</summary>
    public static string? Base64(JsonElement obj, string name, int bytes, ref string? error)
    {
        var value = String(obj, name, ref error);
        if (value is null) return null;
        var buffer = new byte[bytes + 3];
        if (!Convert.TryFromBase64String(value, buffer, out var written) || written != bytes
            || Convert.ToBase64String(buffer.AsSpan(0, written)) != value)
        {
            error = $"'{name}' must be base64 of {bytes} bytes";
            return null;
        }
        return value;
    }
}
