using System.Text;
using System.Text.Json;

namespace Attest.Core.DataFiles;

/// <summary>Reads a JSON document into a <see cref="DataNode"/> tree, with the line of each value and duplicate keys rejected.</summary>
public static class JsonDataReader
{
    public static DataNode? Read(string text, string file, List<DataError> errors)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var lineStarts = LineStarts(bytes);
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = false });
        try
        {
            if (!reader.Read())
                return null;
            var root = ReadValue(ref reader, lineStarts, file, "", errors);
            if (reader.Read())
                errors.Add(new DataError(file, LineOf(lineStarts, reader.TokenStartIndex), "", "unexpected content after the JSON value"));
            return root;
        }
        catch (JsonException e)
        {
            errors.Add(new DataError(file, (int)(e.LineNumber ?? 0) + 1, "", "invalid JSON: " + e.Message.Split(" LineNumber:")[0]));
            return null;
        }
        catch (InvalidOperationException e) when (e.Message.Contains("UTF-16", StringComparison.Ordinal) || e.Message.Contains("surrogate", StringComparison.Ordinal))
        {
            // A string escape that is no Unicode text, such as a lone "\udfff".
            errors.Add(new DataError(file, LineOf(lineStarts, reader.TokenStartIndex), "", "invalid JSON: a string holds an escaped lone surrogate (\\ud800-\\udfff), which is not text"));
            return null;
        }
    }

    private static DataNode ReadValue(ref Utf8JsonReader reader, int[] lineStarts, string file, string path, List<DataError> errors)
    {
        var line = LineOf(lineStarts, reader.TokenStartIndex);
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                {
                    var entries = new List<DataEntry>();
                    var keys = new HashSet<string>(StringComparer.Ordinal);
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                    {
                        var key = reader.GetString()!;
                        var keyLine = LineOf(lineStarts, reader.TokenStartIndex);
                        var keyPath = path.Length == 0 ? key : path + "." + key;
                        reader.Read();
                        var value = ReadValue(ref reader, lineStarts, file, keyPath, errors);
                        if (!keys.Add(key))
                            errors.Add(new DataError(file, keyLine, keyPath, "duplicate key"));
                        else
                            entries.Add(new DataEntry(key, keyLine, value));
                    }
                    return new DataMapping(line, entries);
                }
            case JsonTokenType.StartArray:
                {
                    var items = new List<DataNode>();
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                        items.Add(ReadValue(ref reader, lineStarts, file, $"{path}[{items.Count}]", errors));
                    return new DataSequence(line, items);
                }
            case JsonTokenType.String:
                return new DataScalar(line, ScalarKind.String, reader.GetString()!);
            case JsonTokenType.Number:
                return new DataScalar(line, ScalarKind.Number, Encoding.UTF8.GetString(reader.ValueSpan));
            case JsonTokenType.True:
                return new DataScalar(line, ScalarKind.Bool, "true");
            case JsonTokenType.False:
                return new DataScalar(line, ScalarKind.Bool, "false");
            case JsonTokenType.Null:
                return new DataScalar(line, ScalarKind.Null, "null");
            default:
                throw new JsonException($"unexpected token {reader.TokenType}", null, line - 1, null);
        }
    }

    private static int[] LineStarts(byte[] bytes)
    {
        var starts = new List<int> { 0 };
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == (byte)'\n')
                starts.Add(i + 1);
        }
        return starts.ToArray();
    }

    private static int LineOf(int[] lineStarts, long offset)
    {
        var index = Array.BinarySearch(lineStarts, (int)offset);
        return (index >= 0 ? index : ~index - 1) + 1;
    }
}
