using System.Globalization;
using System.Text.Json;

namespace Attest.Core.Tests.Evaluation;

/// <summary>Reads the committed reference JSON (numbers, or "NaN"/"Infinity" strings) and compares to 1e-9.</summary>
internal static class ReferenceJson
{
    public const double Tolerance = 1e-9;

    public static string DataPath(string file) => Path.Combine(AppContext.BaseDirectory, "Evaluation", "Data", file);

    public static JsonElement Load(string file) => JsonDocument.Parse(File.ReadAllText(DataPath(file))).RootElement;

    public static double Number(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Number => e.GetDouble(),
        JsonValueKind.String => e.GetString() switch
        {
            "NaN" => double.NaN,
            "Infinity" => double.PositiveInfinity,
            "-Infinity" => double.NegativeInfinity,
            var s => double.Parse(s!, CultureInfo.InvariantCulture),
        },
        _ => throw new InvalidOperationException($"not a number: {e}"),
    };

    public static void ShouldMatch(double actual, JsonElement expected, string what)
    {
        var e = Number(expected);
        if (double.IsNaN(e))
        {
            double.IsNaN(actual).ShouldBeTrue($"{what}: expected NaN, got {actual}");
            return;
        }
        if (double.IsInfinity(e))
        {
            actual.ShouldBe(e, what);
            return;
        }
        Math.Abs(actual - e).ShouldBeLessThanOrEqualTo(Tolerance, $"{what}: expected {e:R}, got {actual:R}");
    }
}
