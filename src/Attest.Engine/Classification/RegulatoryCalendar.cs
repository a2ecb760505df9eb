namespace Attest.Engine.Classification;

/// <summary>
/// The application dates of the Regulation as one named calendar: the original text or an amended
/// one. <see cref="Verified"/> is false for a calendar built from reports rather than the Official Journal.
/// </summary>
public sealed record RegulatoryCalendar
{
    public required string Name { get; init; }
    public required string Title { get; init; }
    public required bool Verified { get; init; }
    public required IReadOnlyDictionary<CalendarMilestone, DateOnly> Dates { get; init; }
    public IReadOnlyList<string> Sources { get; init; } = [];
    public IReadOnlyList<string> Notes { get; init; } = [];

    public DateOnly DateOf(CalendarMilestone milestone) =>
        Dates.TryGetValue(milestone, out var date)
            ? date
            : throw new InvalidOperationException($"Calendar '{Name}' has no date for {WireName.Of(milestone)}.");

    /// <summary>The dates of Regulation (EU) 2024/1689 as published (Art 113), for tests and as a fallback.</summary>
    public static RegulatoryCalendar Original2024 { get; } = new()
    {
        Name = "eu-ai-act",
        Title = "Regulation (EU) 2024/1689 as published (OJ L, 12.7.2024), Art 113",
        Verified = true,
        Dates = new Dictionary<CalendarMilestone, DateOnly>
        {
            [CalendarMilestone.ProhibitionsAndAiLiteracy] = new(2025, 2, 2),
            [CalendarMilestone.GpaiModels] = new(2025, 8, 2),
            [CalendarMilestone.AnnexIiiHighRisk] = new(2026, 8, 2),
            [CalendarMilestone.AnnexIHighRisk] = new(2027, 8, 2),
            [CalendarMilestone.Transparency] = new(2026, 8, 2),
            [CalendarMilestone.TransparencyMarking] = new(2026, 8, 2),
        },
        Sources = ["Regulation (EU) 2024/1689, Art 113 (CELEX 32024R1689)"],
    };
}
