namespace Attest.Core.Features.Evaluation.Input;

/// <summary>Finds named columns in a header record, failing with the file, the missing name and what exists.</summary>
public static class CsvColumns
{
    public static string[] ReadHeader(CsvRecordReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        if (!reader.Read())
            throw new EvaluationInputException($"{reader.FileName}: the file is empty (expected a header row and data rows)");
        var names = new string[reader.FieldCount];
        for (var i = 0; i < names.Length; i++) names[i] = reader.FieldText(i).Trim();
        return names;
    }

    public static int Require(string[] header, string name, string fileName, string role)
    {
        ArgumentNullException.ThrowIfNull(header);
        var index = Array.IndexOf(header, name);
        if (index < 0)
            throw new EvaluationInputException(
                $"{fileName}: no column '{name}' for {role} (columns: {string.Join(", ", header)})");
        return index;
    }

    public static void RequireWidth(CsvRecordReader reader, int width)
    {
        ArgumentNullException.ThrowIfNull(reader);
        if (reader.FieldCount != width)
            throw new EvaluationInputException(
                $"{reader.FileName}: row {reader.RecordNumber - 1} (line {reader.LineNumber}): {reader.FieldCount} fields, expected {width} as in the header");
    }

    public static string Describe(CsvRecordReader reader, string column)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return $"{reader.FileName}: row {reader.RecordNumber - 1} (line {reader.LineNumber}), column '{column}'";
    }
}
