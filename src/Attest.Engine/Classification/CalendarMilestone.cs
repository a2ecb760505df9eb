namespace Attest.Engine.Classification;

/// <summary>
/// The dates from which groups of obligations apply (Art 113). A calendar gives each one a date, so an
/// amendment that moves a date changes a data file, not the classifier.
/// </summary>
public enum CalendarMilestone
{
    /// <summary>Chapters I and II: AI literacy (Art 4) and prohibited practices (Art 5). Art 113(a).</summary>
    ProhibitionsAndAiLiteracy,
    /// <summary>Chapter V, obligations of providers of general-purpose AI models. Art 113(b).</summary>
    GpaiModels,
    /// <summary>High-risk systems under Art 6(2) and Annex III. Art 113, general date.</summary>
    AnnexIiiHighRisk,
    /// <summary>High-risk systems under Art 6(1) and Annex I. Art 113(c).</summary>
    AnnexIHighRisk,
    /// <summary>Art 50(1), (3) and (4). Art 113, general date.</summary>
    Transparency,
    /// <summary>Art 50(2), marking of synthetic content. Art 113, general date.</summary>
    TransparencyMarking,
}
