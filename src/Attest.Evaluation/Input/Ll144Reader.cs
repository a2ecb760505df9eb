using System.Globalization;
using Attest.Engine.Evaluation.Ll144;

namespace Attest.Evaluation.Input;

/// <summary>
/// Reads an AEDT log for a Local Law 144 audit: sex, race/ethnicity and either a selected flag (1/true/yes vs
/// 0/false/no) or a score. Missing values and "unknown" (any case) are the unknown category.
/// </summary>
public static class Ll144Reader
{
    public static Ll144Report Read(Stream stream, string fileName, string sexColumn, string raceColumn, string? selectedColumn, string? scoreColumn, byte? delimiter)
    {
        if ((selectedColumn is null) == (scoreColumn is null))
            throw new EvaluationInputException("give exactly one of --selected (selection-type AEDT) or --score (scoring-type AEDT)");
        using var reader = TableSources.Open(stream, fileName, delimiter);
        var sex = TableSources.Require(reader, sexColumn, "sex");
        var race = TableSources.Require(reader, raceColumn, "race/ethnicity");
        var outcome = TableSources.Require(reader, selectedColumn ?? scoreColumn!, selectedColumn is null ? "the score" : "the selection");
        long rows = 0;
        var sexes = new ValueInterner();
        var races = new ValueInterner();
        var binary = new BinaryValue(null);
        var cellRows = new List<(int Sex, int Race)>();
        var scores = new List<double>();
        var selections = new List<(int Sex, int Race, bool Selected)>();
        while (reader.Read())
        {
            rows++;
            var s = sexes.Intern(Category(reader.Field(sex)));
            var r = races.Intern(Category(reader.Field(race)));
            var field = reader.Field(outcome);
            if (scoreColumn is not null)
            {
                if (!double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out var score) || !double.IsFinite(score))
                    throw new EvaluationInputException($"{reader.Locate(scoreColumn)}: score '{reader.FieldText(outcome)}' is not a number");
                cellRows.Add((s, r));
                scores.Add(score);
            }
            else
            {
                var selected = binary.Read(field) ?? throw new EvaluationInputException(
                    $"{reader.Locate(selectedColumn!)}: '{reader.FieldText(outcome)}' is not 1/0, true/false or yes/no");
                selections.Add((s, r, selected));
            }
        }
        if (rows == 0) throw new EvaluationInputException($"{fileName}: has a header but no data rows");

        var sexValues = sexes.Values;
        var raceValues = races.Values;
        var sexUnknown = sexValues.Select(v => v == UnknownName).ToArray();
        var raceUnknown = raceValues.Select(v => v == UnknownName).ToArray();
        var width = raceValues.Count;
        if (scoreColumn is not null)
        {
            var cells = cellRows.Select(c => c.Sex * width + c.Race).ToArray();
            return Ll144Audit.FromScores(sexValues, sexUnknown, raceValues, raceUnknown, cells, scores.ToArray());
        }
        var counts = new long[sexValues.Count * width * 2];
        foreach (var (s, r, selected) in selections)
        {
            counts[(s * width + r) * 2]++;
            if (selected) counts[(s * width + r) * 2 + 1]++;
        }
        return Ll144Audit.Evaluate(Ll144Mode.Selection, sexValues, sexUnknown, raceValues, raceUnknown, counts);
    }

    public const string UnknownName = "(unknown)";

    private static ReadOnlySpan<char> Category(ReadOnlySpan<char> field) =>
        MissingValues.IsMissing(field) || field.Equals("unknown", StringComparison.OrdinalIgnoreCase) ? UnknownName : field;
}
