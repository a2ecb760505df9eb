namespace Attest.Engine.Controls;

/// <summary>A framework's requirement list (copied, with attribution), that control mappings point into.</summary>
public sealed record FrameworkPack
{
    public required string Id { get; init; }
    public required string Title { get; init; }
    public required string Version { get; init; }
    public required string Source { get; init; }
    public required string Licence { get; init; }
    public required IReadOnlyList<FrameworkRequirement> Requirements { get; init; }

    public bool Contains(string requirementId) => Requirements.Any(r => r.Id == requirementId);
}

/// <summary>One requirement of a framework; <see cref="Text"/> is empty where the text is copyrighted (ISO).</summary>
public sealed record FrameworkRequirement(string Id, string Title, string Text);
