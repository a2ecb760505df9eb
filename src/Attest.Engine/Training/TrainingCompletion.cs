namespace Attest.Engine.Training;

/// <summary>One imported training record: a person, the role they hold, a course and when they completed it (null: not yet).</summary>
/// <param name="ListedAt">When the record was first imported: the person counts from then on.</param>
public sealed record TrainingRecordFact(string Person, string Role, string Course, DateTimeOffset? CompletedAt, string? BusinessUnit, DateTimeOffset ListedAt);

/// <summary>The required courses of each role (data/training/required-courses.yaml) and every imported record.</summary>
public sealed record TrainingFacts(IReadOnlyDictionary<string, IReadOnlyList<string>> RequiredByRole, IReadOnlyList<TrainingRecordFact> Records);

/// <summary>One person's standing: the courses their roles require and those they had not completed by the as-of time.</summary>
public sealed record PersonTraining(string Person, string? BusinessUnit, IReadOnlyList<string> Roles, IReadOnlyList<string> Required, IReadOnlyList<string> Missing)
{
    public bool Complete => Missing.Count == 0;
}

/// <summary>
/// Who completed the courses their role requires, as of a time. Pure: the denominator is every person listed by then with
/// a role that requires at least one course; the numerator those of them who completed every course any of their roles
/// requires by then. A person's business unit is the last one given for them.
/// </summary>
public static class TrainingCompletion
{
    public static IReadOnlyList<PersonTraining> Standings(TrainingFacts facts, DateTimeOffset asOf, string? businessUnit = null)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var standings = new List<PersonTraining>();
        foreach (var person in facts.Records.Where(r => r.ListedAt <= asOf).GroupBy(r => r.Person, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var unit = person.OrderBy(r => r.ListedAt).LastOrDefault(r => r.BusinessUnit is not null)?.BusinessUnit;
            if (businessUnit is not null && !string.Equals(unit, businessUnit, StringComparison.OrdinalIgnoreCase))
                continue;
            var roles = person.Select(r => r.Role).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            var required = roles.SelectMany(r => facts.RequiredByRole.TryGetValue(r, out var c) ? c : []).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            if (required.Count == 0)
                continue;
            var done = person.Where(r => r.CompletedAt is { } at && at <= asOf).Select(r => r.Course).ToHashSet(StringComparer.Ordinal);
            standings.Add(new PersonTraining(person.Key, unit, roles, required, [.. required.Where(c => !done.Contains(c))]));
        }
        return standings;
    }
}
