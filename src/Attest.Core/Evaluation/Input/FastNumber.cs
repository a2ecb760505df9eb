using System.Globalization;

namespace Attest.Core.Evaluation.Input;

/// <summary>
/// Number parsing for the hot path. Plain decimals ([-]digits[.digits], at most 15 significant digits) take
/// Clinger's fast path — an exact integer mantissa divided by an exact power of ten is correctly rounded, so
/// the result is bit-identical to double.Parse; anything else goes to double.TryParse.
/// </summary>
public static class FastNumber
{
    private static readonly double[] PowersOfTen =
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];

    public static bool TryParse(ReadOnlySpan<byte> field, out double value)
    {
        var i = 0;
        var negative = false;
        if (field.Length > 0 && (field[0] == '-' || field[0] == '+'))
        {
            negative = field[0] == '-';
            i = 1;
        }
        ulong mantissa = 0;
        var digits = 0;
        var fraction = 0;
        var seenPoint = false;
        var any = false;
        for (; i < field.Length; i++)
        {
            var b = field[i];
            if (b >= '0' && b <= '9')
            {
                any = true;
                if (mantissa != 0 || b != '0') digits++;
                if (digits > 15) return Slow(field, out value);
                mantissa = mantissa * 10 + (ulong)(b - '0');
                if (seenPoint) fraction++;
            }
            else if (b == '.' && !seenPoint)
            {
                seenPoint = true;
            }
            else
            {
                return Slow(field, out value);
            }
        }
        if (!any || fraction >= PowersOfTen.Length) return Slow(field, out value);
        value = fraction == 0 ? mantissa : mantissa / PowersOfTen[fraction];
        if (negative) value = -value;
        return true;
    }

    private static bool Slow(ReadOnlySpan<byte> field, out double value) =>
        double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
}
