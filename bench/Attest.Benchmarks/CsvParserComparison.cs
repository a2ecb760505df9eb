using System.Diagnostics;
using System.Globalization;
using Attest.Evaluation.Input;
using nietras.SeparatedValues;
using Sylvan.Data.Csv;

namespace Attest.Benchmarks;

/// <summary>
/// The CSV parsers side by side on the evaluation workloads (bench/README.md, "CSV parser"): every field of every
/// row read, and either only its length taken (the tokenizer alone) or parsed as a number (non-numbers count their
/// length), so every reader does the same work. Readers run in turn, 7 rounds on a warm page cache; the best time
/// of each is printed with MB/s and a checksum (equal checksums: equal values).
/// </summary>
public static class CsvParserComparison
{
    public static int Run(string[] files)
    {
        var readers = new (string Name, Func<string, double> Read)[]
        {
            ("hand-written (bytes), fields", f => HandWrittenFields(f)),
            ("Sep 0.18, fields", f => SepFields(f)),
            ("Sylvan.Data.Csv 1.4.4, fields", f => SylvanFields(f)),
            ("hand-written + its numbers", HandWritten),
            ("Sep + FastNumber (Attest)", SepWithFastNumber),
            ("Sep + csFastFloat", SepWithCsFastFloat),
            ("Sylvan + double.TryParse", SylvanWithDoubleParse),
        };
        foreach (var file in files)
        {
            var mb = new FileInfo(file).Length / 1e6;
            var best = new double[readers.Length];
            Array.Fill(best, double.MaxValue);
            var checks = new double[readers.Length];
            for (var round = 0; round < 7; round++)
                for (var r = 0; r < readers.Length; r++)
                {
                    var sw = Stopwatch.StartNew();
                    checks[r] = readers[r].Read(file);
                    best[r] = Math.Min(best[r], sw.Elapsed.TotalSeconds);
                }
            Console.WriteLine($"{Path.GetFileName(file)} ({mb:F0} MB)");
            for (var r = 0; r < readers.Length; r++)
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {readers[r].Name,-30} | {best[r] * 1000,6:F0} ms | {mb / best[r],5:F0} MB/s | {checks[r]:R} |"));
        }
        return 0;
    }

    private static long HandWrittenFields(string file)
    {
        using var reader = new HandWrittenCsvReader(File.OpenRead(file), file);
        long sum = 0;
        while (reader.Read())
            for (var i = 0; i < reader.FieldCount; i++) sum += reader.Field(i).Length;
        return sum;
    }

    private static long SepFields(string file)
    {
        using var reader = Sep.Reader(o => o with { Unescape = true, HasHeader = false }).FromFile(file);
        long sum = 0;
        foreach (var row in reader)
            for (var i = 0; i < row.ColCount; i++) sum += row[i].Span.Length;
        return sum;
    }

    private static long SylvanFields(string file)
    {
        using var reader = CsvDataReader.Create(file, new CsvDataReaderOptions { HasHeaders = false });
        long sum = 0;
        while (reader.Read())
            for (var i = 0; i < reader.FieldCount; i++) sum += reader.GetFieldSpan(i).Length;
        return sum;
    }

    private static double HandWritten(string file)
    {
        using var reader = new HandWrittenCsvReader(File.OpenRead(file), file);
        reader.Read();
        var sum = 0.0;
        while (reader.Read())
            for (var i = 0; i < reader.FieldCount; i++)
            {
                var f = reader.Field(i);
                sum += HandWrittenByteNumber.TryParse(f, out var v) ? v : f.Length;
            }
        return sum;
    }

    private static double SepWithFastNumber(string file)
    {
        using var reader = Sep.Reader(o => o with { Unescape = true }).FromFile(file);
        var sum = 0.0;
        foreach (var row in reader)
            for (var i = 0; i < row.ColCount; i++)
            {
                var f = row[i].Span;
                sum += FastNumber.TryParse(f, out var v) ? v : f.Length;
            }
        return sum;
    }

    private static double SepWithCsFastFloat(string file)
    {
        using var reader = Sep.Reader(o => o with { Unescape = true }).FromFile(file);
        var sum = 0.0;
        foreach (var row in reader)
            for (var i = 0; i < row.ColCount; i++)
            {
                var col = row[i];
                sum += col.TryParse<double>() is { } v ? v : col.Span.Length;
            }
        return sum;
    }

    private static double SylvanWithDoubleParse(string file)
    {
        using var reader = CsvDataReader.Create(file);
        var sum = 0.0;
        while (reader.Read())
            for (var i = 0; i < reader.FieldCount; i++)
            {
                var f = reader.GetFieldSpan(i);
                sum += double.TryParse(f, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : f.Length;
            }
        return sum;
    }
}
