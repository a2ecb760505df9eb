using Attest.Core.Data;
using Attest.Core.Features.Compliance;
using Attest.Engine.Classification;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Compliance;

/// <summary>Reads a system's stored classification: the one of its latest intake version and the override in force beside it.</summary>
internal static class ClassificationRecords
{
    public sealed record Latest(SystemClassification Row, int IntakeVersion, ClassificationDocumentDto Document, ClassificationOverrideRecord? Override)
    {
        public EuAiActClass EffectiveClass => Override is null
            ? Document.EuAiAct.Class
            : WireName.TryParse<EuAiActClass>(Override.EuAiActClass, out var overridden) ? overridden
            : throw new InvalidDataException($"Stored override {Override.Id} has an unknown class '{Override.EuAiActClass}'.");

        /// <summary>False while questions that decide the class have no answer: no class, no tier, no controls yet.</summary>
        public bool IsComplete => Document.IsComplete;

        /// <summary>The tier of a complete classification (gates and waivers depend on it).</summary>
        public RiskTier Tier => Document.Tier
            ?? throw new InvalidOperationException($"Classification {Row.Id} is incomplete and has no tier; check IsComplete first.");

        public IReadOnlyList<MissingAnswerDto> Missing => Document.Missing ?? [];

        /// <summary>The controls required under the effective class: the override's list when there is one, else the computed one.</summary>
        public IReadOnlyList<string> RequiredControls => Override is null
            ? Document.RequiredControls
            : System.Text.Json.JsonSerializer.Deserialize<string[]>(Override.RequiredControlsJson) ?? [];
    }

    public static async Task<Latest?> LatestAsync(AttestDbContext db, string systemId, CancellationToken ct)
    {
        var latest = await (
            from c in db.Classifications.AsNoTracking()
            join v in db.IntakeVersions.AsNoTracking() on c.IntakeVersionId equals v.Id
            where c.SystemId == systemId
            orderby v.Number descending
            select new { Row = c, v.Number }).FirstOrDefaultAsync(ct);
        if (latest is null)
            return null;
        var inForce = await db.ClassificationOverrides.AsNoTracking().Where(o => o.ClassificationId == latest.Row.Id)
            .OrderByDescending(o => o.OverriddenAt).ThenByDescending(o => o.Id).FirstOrDefaultAsync(ct);
        return new Latest(latest.Row, latest.Number, ClassificationDocumentDto.Parse(latest.Row.ClassificationJson), inForce);
    }

    /// <summary>The latest classification of every system that has one, keyed by system id.</summary>
    public static async Task<Dictionary<string, Latest>> LatestOfAllAsync(AttestDbContext db, CancellationToken ct)
    {
        var rows = await (
            from c in db.Classifications.AsNoTracking()
            join v in db.IntakeVersions.AsNoTracking() on c.IntakeVersionId equals v.Id
            select new { Row = c, v.Number }).ToListAsync(ct);
        var latest = rows.GroupBy(r => r.Row.SystemId).Select(g => g.MaxBy(r => r.Number)!).ToList();
        var ids = latest.Select(l => l.Row.Id).ToList();
        var overrides = (await db.ClassificationOverrides.AsNoTracking().Where(o => ids.Contains(o.ClassificationId))
                .OrderBy(o => o.OverriddenAt).ThenBy(o => o.Id).ToListAsync(ct))
            .GroupBy(o => o.ClassificationId)
            .ToDictionary(g => g.Key, g => g.Last());
        return latest.ToDictionary(
            l => l.Row.SystemId,
            l => new Latest(l.Row, l.Number, ClassificationDocumentDto.Parse(l.Row.ClassificationJson), overrides.GetValueOrDefault(l.Row.Id)));
    }

    /// <summary>
    /// Why a system cannot be judged by what its classification decides (tier, controls, sign-offs): not classified yet, or
    /// classified from incomplete answers, naming the questions. Null when the classification is complete.
    /// </summary>
    public static string? NotReady(AiSystem system, Latest? latest)
    {
        if (latest is null)
            return $"AI system '{system.Slug}' has not been classified yet: answer its intake first, so the gate knows its tier and required controls.";
        if (latest.IsComplete)
            return null;
        var missing = latest.Missing;
        return $"AI system '{system.Slug}' has an incomplete classification: {missing.Count} question{(missing.Count == 1 ? " that decides" : "s that decide")} its class "
            + $"{(missing.Count == 1 ? "has" : "have")} no answer yet ({string.Join(", ", missing.Select(m => m.Key))}). Answer them in its intake, so the gate knows its tier and required controls.";
    }

    public static CalendarDto CalendarOf(ComplianceData data, string name)
    {
        var calendar = data.Calendars.Find(name);
        return calendar is null ? new CalendarDto(name, name, false) : new CalendarDto(calendar.Name, calendar.Title, calendar.Verified);
    }

    /// <summary>Obligations not yet applying on <paramref name="today"/>, soonest first (as ObligationDeadlines.Upcoming, over the stored result).</summary>
    public static IReadOnlyList<ObligationDto> Upcoming(ClassificationDocumentDto document, DateOnly today) =>
        document.EuAiAct.Obligations.Where(o => o.AppliesFrom > today).OrderBy(o => o.AppliesFrom).ToArray();

    public static SystemClassificationView ToView(AiSystem system, Latest latest, ComplianceData data, DateOnly today) => new(
        system.Id, system.Slug, latest.Row.Id, latest.IntakeVersion, latest.Row.ComputedAt,
        latest.EffectiveClass, latest.Document.Tier, latest.Override is not null, latest.Document,
        latest.Override is { } o ? new OverrideDto(o.Id, latest.EffectiveClass, o.Justification, o.OverriddenBy, o.OverriddenAt) : null,
        CalendarOf(data, latest.Document.EuAiAct.Calendar.Name), Upcoming(latest.Document, today), latest.RequiredControls,
        latest.IsComplete ? ClassificationStatus.Complete : ClassificationStatus.Incomplete, latest.Missing);
}
