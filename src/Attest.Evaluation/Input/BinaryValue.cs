using System.Globalization;

namespace Attest.Evaluation.Input;

/// <summary>
/// Reads a label or prediction as positive/negative. Without a positive label, only 1/true/yes (positive) and
/// 0/false/no (negative) are accepted (any case, numbers such as 1.0 too), so a third class or an unknown
/// coding is an error rather than a guess. With a positive label, that value is positive and any other is
/// negative (one-vs-rest).
/// </summary>
public sealed class BinaryValue
{
    private readonly string? _positive;
    private readonly double _positiveNumber = double.NaN;

    public BinaryValue(string? positiveLabel)
    {
        if (positiveLabel is null) return;
        _positive = positiveLabel;
        if (double.TryParse(positiveLabel, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            _positiveNumber = number;
    }

    public bool HasPositiveLabel => _positive is not null;

    /// <summary>True/false, or null when the value is not a recognised binary value.</summary>
    public bool? Read(ReadOnlySpan<char> field)
    {
        if (_positive is not null)
        {
            if (field.SequenceEqual(_positive)) return true;
            if (!double.IsNaN(_positiveNumber) && double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out var n))
                return n == _positiveNumber;
            return false;
        }
        if (field.Length == 1)
        {
            if (field[0] == '1') return true;
            if (field[0] == '0') return false;
        }
        if (field.Equals("true", StringComparison.OrdinalIgnoreCase) || field.Equals("yes", StringComparison.OrdinalIgnoreCase)) return true;
        if (field.Equals("false", StringComparison.OrdinalIgnoreCase) || field.Equals("no", StringComparison.OrdinalIgnoreCase)) return false;
        if (double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            if (number == 1) return true;
            if (number == 0) return false;
        }
        return null;
    }
}
