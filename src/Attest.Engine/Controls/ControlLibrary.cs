using Attest.Engine.Classification;
using Attest.Engine.Rules;

namespace Attest.Engine.Controls;

/// <summary>The library version: the version the data files declare and a hash of their content.</summary>
public sealed record ControlLibraryVersion(string Declared, string ContentHash)
{
    public override string ToString() => $"{Declared} ({ContentHash})";
}

/// <summary>The loaded, validated control library and the framework packs its mappings point into.</summary>
public sealed record ControlLibrary
{
    public required ControlLibraryVersion Version { get; init; }
    public required IReadOnlyList<Control> Controls { get; init; }
    public required IReadOnlyList<FrameworkPack> Frameworks { get; init; }

    /// <summary>The controls required for a system with these facts, in library order.</summary>
    public IReadOnlyList<Control> Applicable(SystemFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        return Controls.Where(c => c.AppliesWhen.Matches(facts)).ToArray();
    }

    /// <summary>The controls required for a classified intake; the lifecycle stage comes from the inventory when known.</summary>
    public IReadOnlyList<Control> Applicable(IntakeAnswers answers, Classification.Classification classification, LifecycleStage? lifecycleStage = null) =>
        Applicable(SystemFacts.From(answers, classification, lifecycleStage));

    /// <summary>The controls that map to at least one requirement of the framework.</summary>
    public IReadOnlyList<Control> ForFramework(string frameworkId) =>
        Controls.Where(c => c.Mappings.Any(m => m.Framework == frameworkId)).ToArray();

    /// <summary>The controls that map to one requirement.</summary>
    public IReadOnlyList<Control> MappedTo(RequirementRef requirement) =>
        Controls.Where(c => c.Mappings.Contains(requirement)).ToArray();

    public FrameworkPack? Framework(string id) => Frameworks.FirstOrDefault(f => f.Id == id);
}
