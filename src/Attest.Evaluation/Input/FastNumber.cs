using System.Globalization;

namespace Attest.Evaluation.Input;

/// <summary>
/// Number parsing for the hot path. Plain decimals ([-]digits[.digits], at most 15 significant digits) take
/// Clinger's fast path — an exact integer mantissa divided by an exact power of ten is correctly rounded, so
/// the result is bit-identical to double.Parse. Up to 19 significant digits with at most 19 decimals (full
/// precision scores, e.g. 0.11702628965215253) divide exactly in 128-bit integers and round half to even by
/// hand, which is again the correctly rounded value. Anything else goes to double.TryParse.
/// </summary>
public static class FastNumber
{
    private static readonly double[] PowersOfTen =
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];

    public static bool TryParse(ReadOnlySpan<char> field, out double value)
    {
        // The usual shape, [sign]digits[.digits] with at most 19 digits, in two tight loops; anything else below.
        var i = 0;
        var negative = false;
        if (field.Length > 0 && field[0] is ('-' or '+'))
        {
            negative = field[0] == '-';
            i = 1;
        }
        ulong mantissa = 0;
        uint digit;
        var integerStart = i;
        while (i < field.Length && (digit = (uint)(field[i] - '0')) <= 9)
        {
            mantissa = mantissa * 10 + digit;
            i++;
        }
        var integerDigits = i - integerStart;
        var fraction = 0;
        if (i < field.Length && field[i] == '.')
        {
            var fractionStart = ++i;
            while (i < field.Length && (digit = (uint)(field[i] - '0')) <= 9)
            {
                mantissa = mantissa * 10 + digit;
                i++;
            }
            fraction = i - fractionStart;
        }
        var total = integerDigits + fraction;
        if (i != field.Length || total == 0 || total > 19) return General(field, out value);
        if (fraction == 0 || mantissa == 0) value = mantissa; // (double)ulong rounds correctly
        else if (total <= 15 || SignificantDigits(field) <= 15) value = mantissa / PowersOfTen[fraction];
        else value = DivideExactly(mantissa, fraction);
        if (negative) value = -value;
        return true;
    }

    /// <summary>Digits from the first non-zero one on.</summary>
    private static int SignificantDigits(ReadOnlySpan<char> field)
    {
        var count = 0;
        var started = false;
        foreach (var c in field)
        {
            if (!char.IsAsciiDigit(c)) continue;
            started |= c != '0';
            if (started) count++;
        }
        return count;
    }

    private static bool General(ReadOnlySpan<char> field, out double value)
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
                if (digits > 19) return Slow(field, out value);
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
        if (digits <= 15 || mantissa == 0 || fraction == 0)
            value = fraction == 0 ? mantissa : mantissa / PowersOfTen[fraction]; // (double)ulong rounds correctly
        else if (fraction <= 19)
            value = DivideExactly(mantissa, fraction);
        else
            return Slow(field, out value);
        if (negative) value = -value;
        return true;
    }

    private static readonly ulong[] IntegerPowersOfTen =
    [
        1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000, 1000000000, 10000000000, 100000000000,
        1000000000000, 10000000000000, 100000000000000, 1000000000000000, 10000000000000000, 100000000000000000,
        1000000000000000000, 10000000000000000000,
    ];

    /// <summary>m / 10^k correctly rounded (half to even), for m &gt; 0 and 1 ≤ k ≤ 19.</summary>
    internal static double DivideExactly(ulong m, int k)
    {
        var lz = System.Numerics.BitOperations.LeadingZeroCount(m);
        var numerator = (UInt128)(m << lz) << 64;
        var divisor = IntegerPowersOfTen[k];
        var q = numerator / divisor;
        var sticky = numerator % divisor != 0;
        var bits = 128 - (int)UInt128.LeadingZeroCount(q);
        var shift = bits - 64;
        if (shift > 0)
        {
            sticky |= (q & ((UInt128.One << shift) - 1)) != 0;
            q >>= shift;
        }
        var q64 = (ulong)q;
        var mantissa = q64 >> 11;
        var low = q64 & 0x7FF;
        if (low > 0x400 || (low == 0x400 && (sticky || (mantissa & 1) == 1))) mantissa++;
        // value = mantissa · 2^(11 + shift − lz − 64); a carry to 2^53 is still exact in ScaleB
        return Math.ScaleB(mantissa, 11 + shift - lz - 64);
    }

    private static bool Slow(ReadOnlySpan<char> field, out double value) =>
        double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
}
