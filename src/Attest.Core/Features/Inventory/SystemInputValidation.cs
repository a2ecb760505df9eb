using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Engine.Inventory;

namespace Attest.Core.Features.Inventory;

internal static class SystemInputValidation
{
    public const int MaxListItems = 50;
    public const int MaxItemLength = 200;

    public static FieldErrors Validate(SystemInput input)
    {
        var errors = new FieldErrors();
        if (string.IsNullOrWhiteSpace(input.Slug)) errors.Add("slug", "is required");
        else if (!Slug.IsValid(input.Slug)) errors.Add("slug", $"must be {Slug.Rule}");
        errors.Required("name", input.Name);
        errors.MaxLength("name", input.Name, 200);
        errors.Required("purpose", input.Purpose);
        errors.MaxLength("purpose", input.Purpose, 4000);
        errors.MaxLength("intended_use", input.IntendedUse, 4000);
        errors.Required("business_owner", input.BusinessOwner);
        errors.MaxLength("business_owner", input.BusinessOwner, 200);
        errors.Required("technical_owner", input.TechnicalOwner);
        errors.MaxLength("technical_owner", input.TechnicalOwner, 200);
        errors.Required("business_unit", input.BusinessUnit);
        errors.MaxLength("business_unit", input.BusinessUnit, 200);
        ValidateList(errors, "deployment_surfaces", input.DeploymentSurfaces);
        ValidateList(errors, "user_populations", input.UserPopulations);
        ValidateList(errors, "jurisdictions", input.Jurisdictions);
        ValidateList(errors, "data_classes", input.DataClasses);
        ValidateList(errors, "third_party_dependencies", input.ThirdPartyDependencies);
        if (input.Links is { } links)
        {
            if (links.Count > MaxListItems) errors.Add("links", $"must have at most {MaxListItems} items");
            for (var i = 0; i < links.Count; i++)
            {
                errors.Required($"links[{i}].title", links[i].Title);
                if (!Uri.TryCreate(links[i].Url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
                    errors.Add($"links[{i}].url", "must be an absolute http(s) URL");
            }
        }
        return errors;
    }

    private static void ValidateList(FieldErrors errors, string field, List<string>? items)
    {
        if (items is null) return;
        if (items.Count > MaxListItems) errors.Add(field, $"must have at most {MaxListItems} items");
        for (var i = 0; i < items.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(items[i])) errors.Add($"{field}[{i}]", "must not be empty");
            else if (items[i].Length > MaxItemLength) errors.Add($"{field}[{i}]", $"must be at most {MaxItemLength} characters");
        }
    }

    /// <summary>Copies validated input onto the entity (all fields: PUT replaces the resource).</summary>
    public static void ApplyTo(this SystemInput input, AiSystem s)
    {
        s.Slug = input.Slug!;
        s.Name = input.Name!.Trim();
        s.Purpose = input.Purpose!.Trim();
        s.IntendedUse = string.IsNullOrWhiteSpace(input.IntendedUse) ? null : input.IntendedUse.Trim();
        s.BusinessOwner = input.BusinessOwner!.Trim();
        s.TechnicalOwner = input.TechnicalOwner!.Trim();
        s.BusinessUnit = input.BusinessUnit!.Trim();
        s.DeploymentSurfaces = Clean(input.DeploymentSurfaces);
        s.UserPopulations = Clean(input.UserPopulations);
        s.Jurisdictions = Clean(input.Jurisdictions);
        s.DataClasses = Clean(input.DataClasses);
        s.ThirdPartyDependencies = Clean(input.ThirdPartyDependencies);
        s.Links = (input.Links ?? []).Select(l => new SystemLink { Title = l.Title!.Trim(), Url = l.Url! }).ToList();
    }

    private static List<string> Clean(List<string>? items) =>
        (items ?? []).Select(i => i.Trim()).Distinct(StringComparer.Ordinal).ToList();
}
