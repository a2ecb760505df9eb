using Attest.Core.Common;
using Attest.Core.Features.Inventory;
using Attest.Engine.Inventory;
using Attest.Web.Components.Shared;

namespace Attest.Web.Components.Pages;

/// <summary>The system form as posted: lists as comma-separated text, links as "title | url" lines.</summary>
public sealed class SystemFormModel
{
    public string? Slug { get; set; }
    public string? Name { get; set; }
    public string? Purpose { get; set; }
    public string? IntendedUse { get; set; }
    public string? BusinessOwner { get; set; }
    public string? TechnicalOwner { get; set; }
    public string? BusinessUnit { get; set; }
    public string Stage { get; set; } = "proposed";
    public string? DeploymentSurfaces { get; set; }
    public string? UserPopulations { get; set; }
    public string? Jurisdictions { get; set; }
    public string? DataClasses { get; set; }
    public string? ThirdPartyDependencies { get; set; }
    public string? Links { get; set; }
    public int? Version { get; set; }

    public string? Lists(string field) => field switch
    {
        "deployment_surfaces" => DeploymentSurfaces,
        "user_populations" => UserPopulations,
        "jurisdictions" => Jurisdictions,
        "data_classes" => DataClasses,
        "third_party_dependencies" => ThirdPartyDependencies,
        _ => throw new ArgumentOutOfRangeException(nameof(field)),
    };

    public static SystemFormModel From(SystemDetails s) => new()
    {
        Slug = s.Slug,
        Name = s.Name,
        Purpose = s.Purpose,
        IntendedUse = s.IntendedUse,
        BusinessOwner = s.BusinessOwner,
        TechnicalOwner = s.TechnicalOwner,
        BusinessUnit = s.BusinessUnit,
        Stage = SnakeCase.FromEnum(s.Stage),
        DeploymentSurfaces = string.Join(", ", s.DeploymentSurfaces),
        UserPopulations = string.Join(", ", s.UserPopulations),
        Jurisdictions = string.Join(", ", s.Jurisdictions),
        DataClasses = string.Join(", ", s.DataClasses),
        ThirdPartyDependencies = string.Join(", ", s.ThirdPartyDependencies),
        Links = string.Join("\n", s.Links.Select(l => $"{l.Title} | {l.Url}")),
        Version = s.Version,
    };

    public SystemInput ToInput() => new()
    {
        Slug = Slug?.Trim(),
        Name = Name,
        Purpose = Purpose,
        IntendedUse = IntendedUse,
        BusinessOwner = BusinessOwner,
        TechnicalOwner = TechnicalOwner,
        BusinessUnit = BusinessUnit,
        Stage = SnakeCase.TryParse<LifecycleStage>(Stage, out var stage) ? stage : LifecycleStage.Proposed,
        DeploymentSurfaces = FormLists.Split(DeploymentSurfaces),
        UserPopulations = FormLists.Split(UserPopulations),
        Jurisdictions = FormLists.Split(Jurisdictions),
        DataClasses = FormLists.Split(DataClasses),
        ThirdPartyDependencies = FormLists.Split(ThirdPartyDependencies),
        Links = (Links ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split('|', 2, StringSplitOptions.TrimEntries))
            .Select(parts => parts.Length == 2 ? new LinkInput { Title = parts[0], Url = parts[1] } : new LinkInput { Title = parts[0], Url = parts[0] })
            .ToList(),
    };
}
