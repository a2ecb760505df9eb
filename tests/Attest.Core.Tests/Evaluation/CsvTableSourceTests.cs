using System.Text;
using Attest.Evaluation.Input;

namespace Attest.Core.Tests.Evaluation;

public sealed class CsvTableSourceTests
{
    /// <summary>Returns at most a few bytes per Read, so records and quoted fields straddle every refill.</summary>
    private sealed class TrickleStream(byte[] data, int chunk) : MemoryStream(data)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, chunk));
    }

    /// <summary>The header, then every row.</summary>
    private static List<string[]> ReadAll(Stream stream, byte? delimiter = null)
    {
        using var reader = new CsvTableSource(stream, "test.csv", delimiter);
        List<string[]> records = [[.. reader.Header]];
        while (reader.Read())
            records.Add([.. Enumerable.Range(0, reader.FieldCount).Select(reader.FieldText)]);
        return records;
    }

    /// <summary>Bytes without end (like /dev/zero behind a pipe), counting how many were read.</summary>
    private sealed class EndlessStream(byte[] head, byte fill) : Stream
    {
        public long BytesRead { get; private set; }
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => BytesRead; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override int Read(byte[] buffer, int offset, int count)
        {
            for (var i = 0; i < count; i++)
                buffer[offset + i] = BytesRead + i < head.Length ? head[BytesRead + i] : fill;
            BytesRead += count;
            return count;
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(4096)]
    public void Quotes_embedded_newlines_crlf_bom_and_empty_fields_parse_whatever_the_read_size(int chunk)
    {
        var text = "\uFEFFa,b,c\r\n1,\"x, y\",\"say \"\"hi\"\"\"\r\n\r\n2,\"two\nlines\",\r\n3,,\"\"\n4,é,last";
        var records = ReadAll(new TrickleStream(Encoding.UTF8.GetBytes(text), chunk));
        records.Count.ShouldBe(5);
        records[0].ShouldBe(["a", "b", "c"]);
        records[1].ShouldBe(["1", "x, y", "say \"hi\""]);
        records[2].ShouldBe(["2", "two\nlines", ""]);
        records[3].ShouldBe(["3", "", ""]);
        records[4].ShouldBe(["4", "é", "last"]);
    }

    [Fact]
    public void Records_across_buffer_boundaries_keep_their_fields_and_line_numbers()
    {
        var sb = new StringBuilder("id,text,n\n");
        for (var i = 0; i < 100_000; i++)
            sb.Append(i % 997 == 0 ? $"{i},\"multi\nline, {i}\",{i * 2}\n" : $"{i},plain {i},{i * 2}\n");
        using var reader = new CsvTableSource(new MemoryStream(Encoding.UTF8.GetBytes(sb.ToString())), "big.csv", null);
        long expectedLine = 2;
        for (var i = 0; i < 100_000; i++)
        {
            reader.Read().ShouldBeTrue();
            reader.LineNumber.ShouldBe(expectedLine);
            reader.FieldText(0).ShouldBe(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            reader.FieldText(1).ShouldBe(i % 997 == 0 ? $"multi\nline, {i}" : $"plain {i}");
            reader.FieldText(2).ShouldBe((i * 2).ToString(System.Globalization.CultureInfo.InvariantCulture));
            expectedLine += i % 997 == 0 ? 2 : 1;
        }
        reader.Read().ShouldBeFalse();
    }

    [Theory]
    [InlineData("a;b;c\n1;2;3\n", (byte)';')]
    [InlineData("a\tb\tc\n1\t2\t3\n", (byte)'\t')]
    [InlineData("a,\"b;c;d\",e\n1,2;3,4\n", (byte)',')]
    public void The_delimiter_is_detected_from_the_header(string text, byte expected)
    {
        using var reader = new CsvTableSource(new MemoryStream(Encoding.UTF8.GetBytes(text)), "d.csv", null);
        reader.Delimiter.ShouldBe(expected);
        reader.Header.Count.ShouldBe(3);
    }

    [Fact]
    public void Invalid_utf8_far_into_the_file_is_reported_on_its_line()
    {
        var head = Encoding.UTF8.GetBytes("a,b\n" + string.Concat(Enumerable.Range(0, 300_000).Select(i => $"{i},ok\n")));
        var bytes = head.Concat(new byte[] { (byte)'9', (byte)',', 0xFF, (byte)'\n' }).ToArray();
        var e = Should.Throw<EvaluationInputException>(() => ReadAll(new MemoryStream(bytes)));
        e.Message.ShouldBe("test.csv: line 300002: not valid UTF-8 (save the file as UTF-8)");
    }

    [Fact]
    public void A_multibyte_character_split_by_a_refill_is_valid()
    {
        var text = "a,b\n" + string.Concat(Enumerable.Range(0, 1000).Select(i => $"{i},ünïcødé €\n"));
        var records = ReadAll(new TrickleStream(Encoding.UTF8.GetBytes(text), 5));
        records.Count.ShouldBe(1001);
        records[^1].ShouldBe(["999", "ünïcødé €"]);
    }

    [Fact]
    public void An_unclosed_quote_is_an_error_naming_the_line()
    {
        var e = Should.Throw<EvaluationInputException>(() => ReadAll(new MemoryStream(Encoding.UTF8.GetBytes("a,b\n1,\"open\n2,3\n"))));
        e.Message.ShouldContain("line 2: a quoted field is never closed");
    }

    [Theory]
    [InlineData("0.1")]
    [InlineData("-12.5")]
    [InlineData("0.11702628965215253")]
    [InlineData("1e-5")]
    [InlineData("123456789012345")]
    [InlineData("0.000000000000000000000000001")]
    [InlineData("+7")]
    public void Fast_number_parsing_is_bit_identical_to_double_parse(string text)
    {
        FastNumber.TryParse(text, out var fast).ShouldBeTrue();
        fast.ShouldBe(double.Parse(text, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Fast_number_parsing_of_16_to_19_significant_digits_is_bit_identical_to_double_parse()
    {
        var random = new Random(23);
        for (var i = 0; i < 200_000; i++)
        {
            var digits = random.Next(16, 20);
            var text = string.Concat(Enumerable.Range(0, digits).Select(d => (char)('0' + (d == 0 ? random.Next(1, 10) : random.Next(10)))));
            var point = random.Next(0, digits);
            text = point == 0 ? "0." + text : text[..point] + "." + text[point..];
            if (random.Next(4) == 0) text = "-" + text;
            FastNumber.TryParse(text, out var fast).ShouldBeTrue(text);
            BitConverter.DoubleToInt64Bits(fast).ShouldBe(BitConverter.DoubleToInt64Bits(double.Parse(text, System.Globalization.CultureInfo.InvariantCulture)), text);
        }
        // exact ties between two doubles round half to even
        foreach (var text in new[] { "9007199254740993", "0.9007199254740993", "18014398509481986.0", "1.000000000000000055511151231257827" })
        {
            FastNumber.TryParse(text, out var fast).ShouldBeTrue();
            fast.ShouldBe(double.Parse(text, System.Globalization.CultureInfo.InvariantCulture), text);
        }
    }

    [Fact]
    public void Fast_number_parsing_agrees_with_double_parse_on_random_decimals()
    {
        var random = new Random(17);
        for (var i = 0; i < 100_000; i++)
        {
            var text = Math.Round(random.NextDouble() * Math.Pow(10, random.Next(-3, 8)), random.Next(0, 10)).ToString("R", System.Globalization.CultureInfo.InvariantCulture);
            FastNumber.TryParse(text, out var fast).ShouldBeTrue(text);
            BitConverter.DoubleToInt64Bits(fast).ShouldBe(BitConverter.DoubleToInt64Bits(double.Parse(text, System.Globalization.CultureInfo.InvariantCulture)), text);
        }
    }

    [Fact]
    public void A_csv_with_one_40_MiB_field_is_refused_not_loaded()
    {
        // Defect (issue 12): a 40 MiB field was read whole into memory. The row limit stops it as it streams past,
        // so the bytes read (and the memory) stay bounded however long the field is: this field never ends.
        var endless = new EndlessStream(Encoding.UTF8.GetBytes("y,pred,text\n1,0,"), (byte)'x');
        var e = Should.Throw<EvaluationInputException>(() => ReadAll(endless));
        e.Message.ShouldBe("test.csv: line 2: a row longer than 4 Mi characters (the limit for one row; is a quote left open, or is this not a CSV file?)");
        endless.BytesRead.ShouldBeLessThan(5L << 20);
    }

    [Fact]
    public void A_quoted_field_that_never_closes_is_refused_at_the_row_limit()
    {
        var endless = new EndlessStream(Encoding.UTF8.GetBytes("y,pred,text\n1,0,\"open"), (byte)'\n');
        var e = Should.Throw<EvaluationInputException>(() => ReadAll(endless));
        e.Message.ShouldStartWith("test.csv: line 2: a row longer than 4 Mi characters");
        endless.BytesRead.ShouldBeLessThan(5L << 20);
    }

    [Fact]
    public void A_field_over_1_Mi_characters_is_refused_naming_its_row_and_column()
    {
        var text = "a,b\n1," + new string('x', (1 << 20) + 1) + "\n";
        var e = Should.Throw<EvaluationInputException>(() => ReadAll(new MemoryStream(Encoding.UTF8.GetBytes(text))));
        e.Message.ShouldBe("test.csv: row 1 (line 2), column 'b': a field of 1048577 characters, longer than the limit of 1048576 (1 Mi)");
    }

    [Fact]
    public void Only_a_regular_file_is_opened_as_input()
    {
        // Defect (issue 12): --input /dev/zero read zeros until memory ran out.
        var e = Should.Throw<EvaluationInputException>(() => InputFile.Open("/dev/zero", "--input"));
        e.Message.ShouldBe("/dev/zero: --input is not a regular file (a device, pipe or socket); give a file");
        Should.Throw<EvaluationInputException>(() => InputFile.Open(Path.GetTempPath(), "--input")).Message.ShouldContain("is a directory");
    }
}
