using System.Globalization;
using System.Text;

namespace Attest.Engine.Oversight;

/// <summary>
/// Review SLAs as people write them: a whole number and a unit, or several of them — <c>30m</c>, <c>4h</c>,
/// <c>2d</c>, <c>1w</c>, <c>1d12h</c> (m minutes, h hours, d days, w weeks). At least one minute, at most a year.
/// </summary>
public static class ReviewDuration
{
    public static readonly TimeSpan Max = TimeSpan.FromDays(366);

    /// <summary>The duration, or null when the text is not one (the caller names the field).</summary>
    public static TimeSpan? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var s = text.Trim();
        var total = TimeSpan.Zero;
        var i = 0;
        var lastUnit = int.MaxValue;
        while (i < s.Length)
        {
            var start = i;
            while (i < s.Length && s[i] is >= '0' and <= '9') i++;
            if (i == start || i - start > 6 || i >= s.Length) return null;
            var n = int.Parse(s.AsSpan(start, i - start), NumberStyles.None, CultureInfo.InvariantCulture);
            var (unit, rank) = s[i] switch
            {
                'w' => (TimeSpan.FromDays(7), 4),
                'd' => (TimeSpan.FromDays(1), 3),
                'h' => (TimeSpan.FromHours(1), 2),
                'm' => (TimeSpan.FromMinutes(1), 1),
                _ => (TimeSpan.Zero, 0),
            };
            // Units in decreasing order, each once: "1d12h", never "12h1d" or "1h1h".
            if (rank == 0 || rank >= lastUnit) return null;
            lastUnit = rank;
            total += unit * n;
            if (total > Max) return null;
            i++;
        }
        return total >= TimeSpan.FromMinutes(1) ? total : null;
    }

    /// <summary>The shortest spelling: 90 minutes is <c>1h30m</c>, two days <c>2d</c>.</summary>
    public static string Format(TimeSpan duration)
    {
        var sb = new StringBuilder();
        var minutes = (long)duration.TotalMinutes;
        foreach (var (unit, size) in new[] { ('w', 7L * 24 * 60), ('d', 24L * 60), ('h', 60L), ('m', 1L) })
        {
            if (minutes < size) continue;
            sb.Append((minutes / size).ToString(CultureInfo.InvariantCulture)).Append(unit);
            minutes %= size;
        }
        return sb.Length == 0 ? "0m" : sb.ToString();
    }
}
