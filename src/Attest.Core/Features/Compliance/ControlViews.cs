using Attest.Engine.Controls;

namespace Attest.Core.Features.Compliance;

/// <summary>Controls and framework requirements as shown to callers.</summary>
public static class ControlViews
{
    /// <summary>Short names for the shipped frameworks ("EU AI Act Art 9 ..."); other packs go by their id.</summary>
    public static string FrameworkName(string frameworkId) => frameworkId switch
    {
        "eu-ai-act" => "EU AI Act",
        "nist-ai-rmf" => "NIST AI RMF",
        "iso42001" => "ISO/IEC 42001",
        "owasp-llm-2025" => "OWASP LLM Top 10 2025",
        _ => frameworkId,
    };

    public static IReadOnlyList<RequirementDto> Requirements(Control control, ControlLibrary library) =>
        control.Mappings.Select(m => new RequirementDto(m.ToString(), m.Framework, m.Requirement,
            library.Framework(m.Framework)?.Requirements.FirstOrDefault(r => r.Id == m.Requirement)?.Title ?? m.Requirement)).ToArray();

    public static ControlDto ToDto(Control control, ControlLibrary library) =>
        new(control.Id, control.Title, control.Objective, control.Group.Title, control.EvidenceTypes, control.RenewalMonths, Requirements(control, library));

    public static ControlLibraryView Library(ControlLibrary library) => new(
        library.Version.Declared, library.Version.ContentHash,
        library.Frameworks.Select(f => new FrameworkDto(f.Id, FrameworkName(f.Id), f.Title, f.Requirements.Count)).ToArray(),
        library.Controls.Select(c => ToDto(c, library)).ToArray());

    /// <summary>Coverage of every framework the required controls map into, in library order of frameworks.</summary>
    public static IReadOnlyList<FrameworkCoverageDto> Coverage(ControlLibrary library, IReadOnlyList<Control> required, IReadOnlyDictionary<string, ControlStatus> statuses) =>
        library.Frameworks
            .Select(f => (Pack: f, Lines: FrameworkCoverage.For(f, required, statuses)))
            .Where(x => x.Lines.Count > 0)
            .Select(x => new FrameworkCoverageDto(x.Pack.Id, FrameworkName(x.Pack.Id), x.Lines.Count, x.Lines.Count(l => l.IsCovered),
                x.Lines.Select(l => new RequirementCoverageDto(l.Requirement.ToString(), l.Title, l.ControlIds, l.Required, l.Satisfied, l.Waived, l.IsCovered,
                    $"{FrameworkName(x.Pack.Id)} {l.Describe()}")).ToArray()))
            .ToArray();
}
