using Attest.Core.Common;
using Attest.Engine.Controls;

namespace Attest.Core.Features.Compliance;

/// <summary>
/// Narrows the compliance matrix to one framework (the controls mapped to it) and/or one status (the cells in it, and
/// the systems and controls that have such a cell) — the same for the compliance page, the API and the CSV.
/// </summary>
public static class ComplianceMatrixFilter
{
    /// <summary>The frameworks the matrix's controls map to (the part of a requirement before ':'), in first-seen order.</summary>
    public static IReadOnlyList<string> Frameworks(ComplianceMatrix matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        return matrix.Controls.SelectMany(c => c.Requirements).Select(FrameworkOf).Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>The filtered matrix, or the field and problem when a filter names no framework or status.</summary>
    public static (ComplianceMatrix? Matrix, string? Field, string? Problem) Apply(ComplianceMatrix matrix, string? framework, string? status)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        var controls = matrix.Controls;
        if (!string.IsNullOrWhiteSpace(framework))
        {
            var known = Frameworks(matrix);
            if (!known.Contains(framework, StringComparer.Ordinal))
                return (null, "framework", $"unknown framework '{framework}'; expected one of {string.Join(", ", known)}");
            controls = controls.Where(c => c.Requirements.Any(r => FrameworkOf(r) == framework)).ToList();
        }
        var systems = matrix.Systems;
        if (!string.IsNullOrWhiteSpace(status))
        {
            if (!SnakeCase.TryParse<ControlStatus>(status, out var wanted))
                return (null, "status", $"unknown status '{status}'; expected one of {string.Join(", ", Enum.GetValues<ControlStatus>().Select(s => SnakeCase.FromEnum(s)))}");
            controls = controls.Where(c => systems.Any(s => s.Statuses.TryGetValue(c.Id, out var v) && v == wanted)).ToList();
            var ids = controls.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
            systems = systems.Where(s => s.Statuses.Any(kv => kv.Value == wanted && ids.Contains(kv.Key))).ToList();
        }
        else if (!string.IsNullOrWhiteSpace(framework))
        {
            var ids = controls.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
            systems = systems.Where(s => !s.Classified || s.Statuses.Keys.Any(ids.Contains)).ToList();
        }
        return (new ComplianceMatrix(controls, systems), null, null);
    }

    private static string FrameworkOf(string requirement) =>
        requirement.IndexOf(':', StringComparison.Ordinal) is var i and > 0 ? requirement[..i] : requirement;
}
