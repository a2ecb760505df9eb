namespace Attest.Core.DataFiles;

/// <summary>
/// A YAML or JSON document as a tree that remembers where each value came from, so a loader can name
/// the file, line and key of anything it rejects. Scalars keep whether they were typed (JSON, plain YAML)
/// or quoted text.
/// </summary>
public abstract record DataNode(int Line)
{
    public abstract string Describe();
}

/// <summary>A mapping; keys are unique (the readers reject duplicates) and keep their order and line.</summary>
public sealed record DataMapping(int Line, IReadOnlyList<DataEntry> Entries) : DataNode(Line)
{
    public DataNode? this[string key] => Entries.FirstOrDefault(e => e.Key == key)?.Value;

    public override string Describe() => "a mapping";
}

public sealed record DataEntry(string Key, int Line, DataNode Value);

public sealed record DataSequence(int Line, IReadOnlyList<DataNode> Items) : DataNode(Line)
{
    public override string Describe() => "a list";
}

public enum ScalarKind
{
    Null,
    Bool,
    Number,
    String,
}

public sealed record DataScalar(int Line, ScalarKind Kind, string Text) : DataNode(Line)
{
    public override string Describe() => Kind switch
    {
        ScalarKind.Null => "null",
        ScalarKind.String => $"\"{Text}\"",
        _ => Text,
    };
}
