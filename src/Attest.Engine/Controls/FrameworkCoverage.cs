namespace Attest.Engine.Controls;

/// <summary>How far one framework requirement is covered by a system's required controls.</summary>
public sealed record RequirementCoverage(RequirementRef Requirement, string Title, IReadOnlyList<string> ControlIds, int Satisfied, int Waived)
{
    /// <summary>Required controls that map to the requirement (those marked not applicable left out).</summary>
    public int Required => ControlIds.Count;

    public bool IsCovered => Required > 0 && Satisfied + Waived == Required;

    /// <summary>"Art 9 Risk management system: 3 of 4 controls satisfied".</summary>
    public string Describe() =>
        $"{Title}: {Satisfied} of {Required} control{(Required == 1 ? "" : "s")} satisfied" + (Waived > 0 ? $", {Waived} waived" : "");
}

/// <summary>Coverage of a framework's requirements by one system's required controls and their statuses.</summary>
public static class FrameworkCoverage
{
    /// <summary>
    /// One entry per requirement of the framework that at least one required control maps to, in the
    /// framework's order. A control without a status counts as not started.
    /// </summary>
    public static IReadOnlyList<RequirementCoverage> For(
        FrameworkPack framework, IReadOnlyList<Control> requiredControls, IReadOnlyDictionary<string, ControlStatus> statuses)
    {
        ArgumentNullException.ThrowIfNull(framework);
        ArgumentNullException.ThrowIfNull(requiredControls);
        ArgumentNullException.ThrowIfNull(statuses);
        ControlStatus StatusOf(Control c) => statuses.TryGetValue(c.Id, out var s) ? s : ControlStatus.NotStarted;

        var coverage = new List<RequirementCoverage>();
        foreach (var requirement in framework.Requirements)
        {
            var reference = new RequirementRef(framework.Id, requirement.Id);
            var controls = requiredControls
                .Where(c => c.Mappings.Contains(reference) && StatusOf(c) != ControlStatus.NotApplicable)
                .ToArray();
            if (controls.Length == 0)
                continue;
            coverage.Add(new RequirementCoverage(reference, requirement.Title, controls.Select(c => c.Id).ToArray(),
                controls.Count(c => StatusOf(c) == ControlStatus.Satisfied), controls.Count(c => StatusOf(c) == ControlStatus.Waived)));
        }
        return coverage;
    }
}
