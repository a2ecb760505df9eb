using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Engine.Inventory;

namespace Attest.Core.Features.Inventory;

public sealed record DatasetInput
{
    public string? Slug { get; init; }
    public string? Name { get; init; }
    public string? Description { get; init; }
    public string? Source { get; init; }
    public string? Owner { get; init; }
    public List<string>? PersonalDataClasses { get; init; }
    public LegalBasis? LegalBasis { get; init; }
    public bool? ConsentObtained { get; init; }
    public string? Retention { get; init; }
    /// <summary>Dataset ids or slugs this one was derived from.</summary>
    public List<string>? Parents { get; init; }
}

public sealed record DatasetDto(
    string Id, string Slug, string Name, string? Description, string Source, string Owner,
    IReadOnlyList<string> PersonalDataClasses, LegalBasis? LegalBasis, bool? ConsentObtained, string? Retention,
    IReadOnlyList<DatasetRef> Parents, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, int Version);

internal static class DatasetMapping
{
    public static DatasetDto ToDto(this Dataset d, IReadOnlyDictionary<string, Dataset> byId) => new(
        d.Id, d.Slug, d.Name, d.Description, d.Source, d.Owner, d.PersonalDataClasses, d.LegalBasis, d.ConsentObtained, d.Retention,
        d.Parents.Select(p => byId[p.ParentId]).OrderBy(p => p.Slug, StringComparer.Ordinal).Select(p => new DatasetRef(p.Id, p.Slug, p.Name)).ToList(),
        d.CreatedAt, d.UpdatedAt, d.Version);

    public static FieldErrors Validate(DatasetInput input)
    {
        var errors = new FieldErrors();
        if (string.IsNullOrWhiteSpace(input.Slug)) errors.Add("slug", "is required");
        else if (!Slug.IsValid(input.Slug)) errors.Add("slug", $"must be {Slug.Rule}");
        errors.Required("name", input.Name);
        errors.MaxLength("name", input.Name, 200);
        errors.MaxLength("description", input.Description, 4000);
        errors.Required("source", input.Source);
        errors.MaxLength("source", input.Source, 1000);
        errors.Required("owner", input.Owner);
        errors.MaxLength("owner", input.Owner, 200);
        errors.MaxLength("retention", input.Retention, 500);
        var classes = input.PersonalDataClasses ?? [];
        for (var i = 0; i < classes.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(classes[i])) errors.Add($"personal_data_classes[{i}]", "must not be empty");
        }
        if ((input.PersonalDataClasses?.Count ?? 0) > 0 && input.LegalBasis is null)
            errors.Add("legal_basis", "is required when the dataset holds personal data (GDPR Art 6)");
        if (input.Parents is { Count: > 100 }) errors.Add("parents", "must have at most 100 items");
        return errors;
    }

    public static void ApplyTo(this DatasetInput input, Dataset d)
    {
        d.Slug = input.Slug!;
        d.Name = input.Name!.Trim();
        d.Description = string.IsNullOrWhiteSpace(input.Description) ? null : input.Description.Trim();
        d.Source = input.Source!.Trim();
        d.Owner = input.Owner!.Trim();
        d.PersonalDataClasses = (input.PersonalDataClasses ?? []).Select(c => c.Trim()).Distinct(StringComparer.Ordinal).ToList();
        d.LegalBasis = input.LegalBasis;
        d.ConsentObtained = input.ConsentObtained;
        d.Retention = string.IsNullOrWhiteSpace(input.Retention) ? null : input.Retention.Trim();
    }
}
