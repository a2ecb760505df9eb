using Attest.Engine.Classification;

namespace Attest.Engine.Gates;

/// <summary>A problem with a conditional go: the field it concerns (<c>decision</c>, <c>conditions[1].answers</c>) and why.</summary>
public sealed record ConditionalGoProblem(string Field, string Message);

/// <summary>
/// What a conditional go must say about the gate it overrides: each condition names the unmet requirements it answers,
/// every unmet requirement is answered by some condition, and the gate may allow only some requirement kinds to stay
/// open (data/gates: <c>conditional_go_may_leave_open</c>; e.g. missing evidence, never an unsigned review or an open
/// severe risk). Pure: the decision use case gathers the gate's verdict.
/// </summary>
public static class ConditionalGoRule
{
    /// <summary>
    /// Problems with the conditions' answers (empty: acceptable). <paramref name="answers"/> holds, per condition, the
    /// requirement ids it answers; <paramref name="mayLeaveOpen"/> null allows any kind.
    /// </summary>
    public static IReadOnlyList<ConditionalGoProblem> Check(IReadOnlyList<(string Requirement, RequirementKind Kind)> unmet,
        IReadOnlyList<IReadOnlyList<string>> answers, IReadOnlyCollection<RequirementKind>? mayLeaveOpen)
    {
        ArgumentNullException.ThrowIfNull(unmet);
        ArgumentNullException.ThrowIfNull(answers);
        var problems = new List<ConditionalGoProblem>();
        if (mayLeaveOpen is not null && unmet.Where(u => !mayLeaveOpen.Contains(u.Kind)).Select(u => u.Requirement).ToArray() is { Length: > 0 } closed)
        {
            var allowed = mayLeaveOpen.Count == 0 ? "nothing" : string.Join(", ", mayLeaveOpen.Select(k => WireName.Of(k)));
            problems.Add(new ConditionalGoProblem("decision",
                $"A conditional go at this gate may leave open only {allowed}; meet these first or decide no_go: {List(closed)}."));
        }
        var open = unmet.Select(u => u.Requirement).ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < answers.Count; i++)
        {
            if (answers[i].Count == 0 && open.Count > 0)
                problems.Add(new ConditionalGoProblem($"conditions[{i}].answers", "is required: the unmet requirements this condition answers (e.g. control:ATT-RISK-01)"));
            foreach (var answer in answers[i].Where(a => !open.Contains(a)).Distinct(StringComparer.Ordinal))
                problems.Add(new ConditionalGoProblem($"conditions[{i}].answers", $"'{answer}' is not an unmet requirement of this gate"));
        }
        var answered = answers.SelectMany(a => a).ToHashSet(StringComparer.Ordinal);
        if (answers.Count > 0 && unmet.Select(u => u.Requirement).Where(r => !answered.Contains(r)).ToArray() is { Length: > 0 } unanswered)
            problems.Add(new ConditionalGoProblem("conditions", $"every unmet requirement needs a condition that answers it; not answered: {List(unanswered)}"));
        return problems;
    }

    private static string List(IReadOnlyList<string> ids) => string.Join(", ", ids.Take(10)) + (ids.Count > 10 ? $" and {ids.Count - 10} more" : "");
}
