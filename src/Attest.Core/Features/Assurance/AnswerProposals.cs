using System.Text;
using System.Text.Json;
using Attest.Core.Data;
using Attest.Core.Features.Compliance;
using Attest.Engine.Assurance;
using Attest.Engine.Controls;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Assurance;

/// <summary>
/// The facts a questionnaire is answered from (impure), for the answer matcher (pure) to decide with: the controls of the
/// library in force that the system requires (every control when it is not classified yet), each as a
/// <see cref="MatchDocument"/> of its title, objective, group, evidence types and the titles of the requirements it maps
/// to; and where the system stands on them today — the one truth, <see cref="GetSystemStanding"/>.
/// </summary>
internal sealed class AnswerFacts
{
    private AnswerFacts(IReadOnlyList<Control> controls, ControlLibrary library, IReadOnlyDictionary<string, ControlStandingDto> standings)
    {
        Controls = controls;
        Library = library;
        Standings = standings;
        Matcher = new AnswerMatcher(controls.Select(c => Document(c, library)));
    }

    public IReadOnlyList<Control> Controls { get; }
    public ControlLibrary Library { get; }
    public IReadOnlyDictionary<string, ControlStandingDto> Standings { get; }
    public AnswerMatcher Matcher { get; }

    public static async Task<AnswerFacts> LoadAsync(AttestDbContext db, ComplianceData data, GetSystemStanding standing, string systemId, CancellationToken ct)
    {
        var overlay = await Incidents.OrgControlLibrary.LoadAsync(db, data, ct);
        var view = (await standing.ExecuteAsync(systemId, ct)).Value!;
        var standings = view.Controls.ToDictionary(c => c.ControlId, StringComparer.Ordinal);
        var controls = standings.Count == 0 ? overlay.Library.Controls : overlay.Library.Controls.Where(c => standings.ContainsKey(c.Id)).ToList();
        return new AnswerFacts(controls, overlay.Library, standings);
    }

    public Control? Control(string id) => Library.Controls.FirstOrDefault(c => c.Id == id);

    public ProposedControlDto Describe(string controlId, double? score)
    {
        var control = Control(controlId);
        var standing = Standings.GetValueOrDefault(controlId);
        var requirements = control?.Mappings.Select(m => m.ToString()).ToArray() ?? [];
        return new ProposedControlDto(controlId, control?.Title ?? controlId, score, standing?.Status, standing?.Met ?? false, Words(standing), requirements);
    }

    /// <summary>The status in plain words, as a customer-facing answer would say it.</summary>
    public static string Words(ControlStandingDto? standing) => standing?.Status switch
    {
        null => "not required for this system",
        ControlStatus.Satisfied => "in place, with current evidence",
        ControlStatus.Waived => "waived for now (an approved exception)",
        ControlStatus.NotApplicable => "not applicable to this system",
        ControlStatus.InProgress => "being put in place",
        ControlStatus.Stale => "in place, evidence out of date",
        _ => "not started",
    };

    /// <summary>A first draft answer from the proposed controls, for a person to edit.</summary>
    public string Draft(IReadOnlyList<string> controlIds)
    {
        if (controlIds.Count == 0)
            return "No control of our library answers this question directly; to be answered by the governance lead.";
        var sb = new StringBuilder();
        foreach (var id in controlIds)
        {
            var c = Describe(id, null);
            if (sb.Length > 0) sb.Append(' ');
            sb.Append(c.Title).Append(" (").Append(c.ControlId).Append("): ").Append(c.StatusWords).Append('.');
        }
        return sb.ToString();
    }

    public static string ScoresJson(IEnumerable<ControlMatch> matches) =>
        JsonSerializer.Serialize(matches.ToDictionary(m => m.ControlId, m => m.Score, StringComparer.Ordinal));

    public static IReadOnlyDictionary<string, double> Scores(string? json) =>
        string.IsNullOrEmpty(json) ? new Dictionary<string, double>() : JsonSerializer.Deserialize<Dictionary<string, double>>(json) ?? [];

    private static MatchDocument Document(Control c, ControlLibrary library)
    {
        var text = new StringBuilder().Append(c.Title).Append(". ").Append(c.Objective).Append(' ').Append(c.Group.Title).Append(". ")
            .Append(string.Join(' ', c.EvidenceTypes.Select(t => t.Replace('_', ' '))));
        foreach (var m in c.Mappings)
        {
            var title = library.Framework(m.Framework)?.Requirements.FirstOrDefault(r => r.Id == m.Requirement)?.Title;
            if (title is not null) text.Append(". ").Append(title);
        }
        return new MatchDocument(c.Id, text.ToString(), c.Mappings.Select(m => m.ToString()).ToArray());
    }
}

/// <summary>Reads of questionnaires shared by the use cases: one answer to "what does this questionnaire say now".</summary>
internal static class QuestionnaireViews
{
    public static async Task<QuestionnaireDto> ToDtoAsync(AttestDbContext db, AnswerFacts facts, Questionnaire q, AiSystem system, CancellationToken ct)
    {
        var answers = await db.QuestionnaireAnswers.AsNoTracking().Where(a => a.QuestionnaireId == q.Id).OrderBy(a => a.Row).ToListAsync(ct);
        var evidence = await db.Evidence.AsNoTracking().Where(e => e.SystemId == system.Id && e.Status == "active").OrderByDescending(e => e.Id).ToListAsync(ct);
        var questions = answers.Select(a =>
        {
            var scores = AnswerFacts.Scores(a.ScoresJson);
            var controls = a.Controls.Select(c => facts.Describe(c, scores.TryGetValue(c, out var s) ? s : null)).ToArray();
            var items = evidence.Where(e => e.Controls.Any(a.Controls.Contains))
                .Select(e => new AnswerEvidenceDto(e.Id, e.Type, e.FileName, e.Controls, e.ValidUntil, e.Shareable, $"/api/v1/evidence/{e.Id}/content")).ToArray();
            return new QuestionAnswerDto(a.Id, a.Row, a.QuestionRef, a.Question, a.Answer, a.State, a.ReusedFromId is not null, a.ReusedFromId,
                controls, items, a.EditedBy, a.EditedAt, a.ApprovedBy, a.ApprovedAt, a.Version);
        }).ToArray();
        return new QuestionnaireDto(q.Id, system.Id, system.Slug, system.Name, q.Title, q.FileName, q.Format, q.ImportedBy, q.ImportedAt,
            questions.Count(x => x.State == AnswerStates.Approved), questions);
    }
}
