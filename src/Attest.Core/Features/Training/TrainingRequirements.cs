using Attest.Core.DataFiles;
using Attest.Engine.Training;

namespace Attest.Core.Features.Training;

/// <summary>A course the programme requires of some role.</summary>
public sealed record TrainingCourse(string Id, string Name);

/// <summary>
/// The courses each role must have completed (<c>training/required-courses.yaml</c>, format attest.training-requirements/v1):
/// the organisation's file where it has one, the shipped one otherwise. Loaded before the server accepts requests; a bad
/// file fails the start with file, line and field (and `attest data check` reports the same).
/// </summary>
public sealed class TrainingRequirements
{
    public const string Format = "attest.training-requirements/v1";
    public const string ShippedPath = "data/training/required-courses.yaml";

    public TrainingRequirements(Data.DatabaseSettings settings)
        : this(Load(settings?.DataDirectory))
    {
    }

    private TrainingRequirements(TrainingRequirements loaded)
        : this(loaded.Courses, loaded.RequiredByRole)
    {
    }

    private TrainingRequirements(IReadOnlyList<TrainingCourse> courses, IReadOnlyDictionary<string, IReadOnlyList<string>> requiredByRole)
    {
        Courses = courses;
        RequiredByRole = requiredByRole;
    }

    public IReadOnlyList<TrainingCourse> Courses { get; }

    /// <summary>Role id → the course ids it requires (possibly none), in file order.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> RequiredByRole { get; }

    public bool IsRole(string role) => RequiredByRole.ContainsKey(role);

    public bool IsCourse(string course) => Courses.Any(c => c.Id == course);

    /// <summary>The facts the KPI is computed from, with the given records.</summary>
    public TrainingFacts Facts(IReadOnlyList<TrainingRecordFact> records) => new(RequiredByRole, records);

    /// <summary>Loads the file over an organisation's data directory (null: the shipped file only).</summary>
    public static TrainingRequirements Load(string? organisationDataDirectory)
    {
        var own = organisationDataDirectory is null ? null : Path.Combine(organisationDataDirectory, "training", "required-courses.yaml");
        return own is not null && File.Exists(own)
            ? Parse(File.ReadAllText(own), own)
            : Parse(File.ReadAllText(ShippedData.PathOf("training", "required-courses.yaml")), ShippedPath);
    }

    /// <summary>Parses and checks one file; every error (file, line, field) is collected into one <see cref="DataFileException"/>.</summary>
    public static TrainingRequirements Parse(string text, string file)
    {
        var errors = new List<DataError>();
        var b = new DataBinder(file, errors);
        var courses = new List<TrainingCourse>();
        var roles = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        if (b.AsMapping(DataDocument.Parse(text, file, errors), "") is { } root)
        {
            b.RejectUnknownKeys(root, "", ["format", "courses", "roles"]);
            if (b.String(root, "format", "", required: true) is { } format && format != Format)
                b.Error(DataBinder.LineOf(root, "format"), "format", $"expected {Format}, got \"{format}\"");
            var courseLines = new Dictionary<string, int>(StringComparer.Ordinal);
            courses.AddRange(b.List(root, "courses", "", (node, path) =>
            {
                if (b.AsMapping(node, path) is not { } m) return null;
                b.RejectUnknownKeys(m, path, ["id", "name"]);
                var id = Identifier(b, m, path, "course", allowDash: true);
                var name = b.String(m, "name", path, required: true, maxLength: 200);
                if (id is not null && !courseLines.TryAdd(id, m.Line))
                {
                    b.Error(DataBinder.LineOf(m, "id"), DataBinder.Join(path, "id"), $"duplicate course \"{id}\" (first defined on line {courseLines[id]})");
                    return null;
                }
                return id is null || name is null ? null : new TrainingCourse(id, name);
            }, required: true));
            var roleLines = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var role in b.List(root, "roles", "", (node, path) =>
            {
                if (b.AsMapping(node, path) is not { } m) return null;
                b.RejectUnknownKeys(m, path, ["id", "name", "required"]);
                var id = Identifier(b, m, path, "role", allowDash: false);
                b.String(m, "name", path, maxLength: 200);
                if (id is not null && !roleLines.TryAdd(id, m.Line))
                {
                    b.Error(DataBinder.LineOf(m, "id"), DataBinder.Join(path, "id"), $"duplicate role \"{id}\" (first defined on line {roleLines[id]})");
                    return null;
                }
                if (m["required"] is null)
                    b.Error(m.Line, DataBinder.Join(path, "required"), "required key is missing (an empty list [] when the role requires no course)");
                var list = b.List(m, "required", path, (item, itemPath) =>
                {
                    if (item is not DataScalar { Kind: ScalarKind.String } s || s.Text.Trim().Length == 0)
                    {
                        b.Error(item, itemPath, $"expected a course id, got {item.Describe()}");
                        return null;
                    }
                    if (!courseLines.ContainsKey(s.Text))
                    {
                        b.Error(item, itemPath, $"\"{s.Text}\" is not a course of this file; expected one of {string.Join(", ", courseLines.Keys)}");
                        return null;
                    }
                    return s.Text;
                });
                return id is null ? null : new RoleRequirement(id, [.. list.Distinct(StringComparer.Ordinal)]);
            }, required: true))
                roles[role.Id] = role.Required;
        }
        if (errors.Count > 0)
            throw new DataFileException(errors);
        return new TrainingRequirements(courses, roles);
    }

    private sealed record RoleRequirement(string Id, IReadOnlyList<string> Required);

    private static string? Identifier(DataBinder b, DataMapping m, string path, string what, bool allowDash)
    {
        var id = b.String(m, "id", path, required: true, maxLength: 64);
        if (id is not null && !id.All(c => c is >= 'a' and <= 'z' or >= '0' and <= '9' or '_' || (allowDash && c == '-')))
        {
            b.Error(DataBinder.LineOf(m, "id"), DataBinder.Join(path, "id"),
                $"expected a {what} id of lowercase letters, digits{(allowDash ? ", '-'" : "")} and '_', got \"{id}\"");
            return null;
        }
        return id;
    }
}
