namespace Attest.Core.DataFiles;

/// <summary>Reads a data file as YAML or JSON, by its extension or, for other names, by its first character.</summary>
public static class DataDocument
{
    public static DataNode? Parse(string text, string file, List<DataError> errors)
    {
        var extension = Path.GetExtension(file).ToLowerInvariant();
        var looksLikeJson = extension == ".json" || (extension is not (".yaml" or ".yml") && text.TrimStart().StartsWith('{'));
        return looksLikeJson ? JsonDataReader.Read(text, file, errors) : YamlDataReader.Read(text, file, errors);
    }
}
