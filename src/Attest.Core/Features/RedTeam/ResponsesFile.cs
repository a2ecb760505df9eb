using System.Text;
using System.Text.Json;

namespace Attest.Core.Features.RedTeam;

/// <summary>One line of a responses file: <c>prompt</c> and <c>response</c>, optionally <c>id</c>, <c>goal</c>, <c>category</c> (and for labelled sets <c>label</c>).</summary>
public sealed record ResponseRow(int Line, string Id, string Prompt, string Response, string? Goal, string? Category, string? ExplicitId);

/// <summary>Bad input in a responses file, naming the file and line.</summary>
public sealed class ResponsesFileException(string message) : Exception(message);

/// <summary>Reads a JSONL responses file, refusing bad lines with their number (blank lines are skipped).</summary>
public static class ResponsesFile
{
    public const long MaxLineBytes = 4 * 1024 * 1024;

    public static IEnumerable<ResponseRow> Read(string path)
    {
        StreamReader reader;
        try { reader = new StreamReader(path, new UTF8Encoding(false, throwOnInvalidBytes: true)); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ResponsesFileException($"{path}: cannot open ({e.Message})");
        }
        using (reader)
        {
            var number = 0;
            var ids = new HashSet<string>(StringComparer.Ordinal);
            while (true)
            {
                string? line;
                try { line = reader.ReadLine(); }
                catch (DecoderFallbackException) { throw new ResponsesFileException($"{path}:{number + 1}: not valid UTF-8"); }
                if (line is null) yield break;
                number++;
                if (string.IsNullOrWhiteSpace(line)) continue;
                if (line.Length > MaxLineBytes) throw new ResponsesFileException($"{path}:{number}: the line is longer than {MaxLineBytes} characters");
                yield return Parse(line, path, number, ids);
            }
        }
    }

    private static ResponseRow Parse(string line, string path, int number, HashSet<string> ids)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(line); }
        catch (JsonException e)
        {
            throw new ResponsesFileException($"{path}:{number}: not a JSON object ({e.Message.Split(" LineNumber:")[0].TrimEnd('.')})");
        }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object) throw new ResponsesFileException($"{path}:{number}: expected a JSON object, got {doc.RootElement.ValueKind.ToString().ToLowerInvariant()}");
            string? Field(string name, bool required)
            {
                if (!doc.RootElement.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
                    return required ? throw new ResponsesFileException($"{path}:{number}: {name}: required field is missing") : null;
                return v.ValueKind == JsonValueKind.String ? v.GetString()
                    : v.ValueKind == JsonValueKind.Number && name == "id" ? v.GetRawText()
                    : throw new ResponsesFileException($"{path}:{number}: {name}: expected a string, got {v.ValueKind.ToString().ToLowerInvariant()}");
            }
            var explicitId = Field("id", false);
            var id = explicitId ?? $"line-{number}";
            if (!ids.Add(id)) throw new ResponsesFileException($"{path}:{number}: id: \"{id}\" appears twice");
            return new ResponseRow(number, id, Field("prompt", true)!, Field("response", true)!, Field("goal", false), Field("category", false), explicitId);
        }
    }
}
