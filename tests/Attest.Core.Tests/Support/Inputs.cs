using Attest.Core.Features.Inventory;
using Attest.Engine.Inventory;

namespace Attest.Core.Tests.Support;

/// <summary>Valid inputs to start from; tests change the one field they are about.</summary>
public static class Inputs
{
    public static SystemInput System(string slug = "resume-screening") => new()
    {
        Slug = slug,
        Name = "Résumé screening assistant",
        Purpose = "Ranks applicants' CVs for recruiters.",
        IntendedUse = "Recruiters shortlist candidates; never an automatic rejection.",
        BusinessOwner = "Dana Kim",
        TechnicalOwner = "Lee Park",
        BusinessUnit = "People & Culture",
        Jurisdictions = ["EU", "US-NY"],
        Links = [new LinkInput { Title = "Wiki", Url = "https://wiki.example/resume" }],
    };

    public static DatasetInput Dataset(string slug, params string[] parents) => new()
    {
        Slug = slug,
        Name = slug.Replace('-', ' '),
        Source = "HR system export",
        Owner = "Dana Kim",
        PersonalDataClasses = ["employment_history"],
        LegalBasis = LegalBasis.LegitimateInterests,
        Parents = [.. parents],
    };

    public static ModelVersionInput Model(string name = "cv-ranker", string version = "1.0.0", params string[] datasets) => new()
    {
        Name = name,
        Version = version,
        Kind = ModelKind.Predictive,
        Provider = ModelProvider.InHouse,
        ArtifactUri = "s3://models/cv-ranker/1.0.0/model.onnx",
        ArtifactSha256 = new string('a', 64),
        TrainingDatasets = [.. datasets],
    };
}
