using Attest.Core.DataFiles;

namespace Attest.Core.Features.Compliance.Intake;

public sealed record IntakeSection(string Id, string Title);

public sealed record IntakeOption(string Value, string Label);

/// <summary>One plain-language question that fills one intake answer key (a dotted path such as transparency.deep_fake).</summary>
public sealed record IntakeQuestion(string Key, string Section, string Type, string Question, string Help, IReadOnlyList<IntakeOption> Options);

/// <summary>The intake questions (data/intake/questions-v1.yaml) for the web wizard, validated against the intake keys.</summary>
public sealed record IntakeQuestionnaire(IReadOnlyList<IntakeSection> Sections, IReadOnlyList<IntakeQuestion> Questions)
{
    public static readonly string[] QuestionTypes = ["text", "boolean", "choice", "multi_choice", "number", "annex_iii"];

    public static string DefaultPath => ShippedData.PathOf("intake", "questions-v1.yaml");

    public static IntakeQuestionnaire LoadDefault() => Load(DefaultPath);

    public static IntakeQuestionnaire Load(string path)
    {
        var file = Path.GetFileName(path);
        var errors = new List<DataError>();
        var b = new DataBinder(file, errors);
        var sections = new List<IntakeSection>();
        var questions = new List<IntakeQuestion>();
        var keys = IntakeKeys.AllPaths().ToHashSet(StringComparer.Ordinal);
        if (b.AsMapping(DataDocument.Parse(File.ReadAllText(path), file, errors), "") is { } m)
        {
            b.RejectUnknownKeys(m, "", ["format", "answers_format", "sections", "questions"]);
            if (b.String(m, "format", "", required: true) is { } format && format != "attest.intake-questions/v1")
                b.Error(DataBinder.LineOf(m, "format"), "format", $"expected attest.intake-questions/v1, got \"{format}\"");
            b.List(m, "sections", "", (node, p) =>
            {
                if (b.AsMapping(node, p) is { } s && b.String(s, "id", p, required: true) is { } id && b.String(s, "title", p, required: true) is { } title)
                    sections.Add(new IntakeSection(id, title));
                return (object?)null;
            }, required: true);
            b.List(m, "questions", "", (node, p) =>
            {
                if (b.AsMapping(node, p) is not { } q)
                    return null;
                b.RejectUnknownKeys(q, p, ["key", "section", "type", "question", "help", "options"]);
                var key = b.String(q, "key", p, required: true);
                if (key is not null && !keys.Contains(key))
                    b.Error(DataBinder.LineOf(q, "key"), p + ".key", $"\"{key}\" is not an attest.intake/v1 answer key");
                if (key is not null && questions.Any(x => x.Key == key))
                    b.Error(DataBinder.LineOf(q, "key"), p + ".key", $"\"{key}\" has more than one question");
                var section = b.String(q, "section", p, required: true);
                if (section is not null && sections.All(s => s.Id != section))
                    b.Error(DataBinder.LineOf(q, "section"), p + ".section", $"unknown section \"{section}\"");
                var type = b.String(q, "type", p, required: true);
                if (type is not null && !QuestionTypes.Contains(type))
                    b.Error(DataBinder.LineOf(q, "type"), p + ".type", $"expected one of {string.Join(", ", QuestionTypes)}, got \"{type}\"");
                var text = b.String(q, "question", p, required: true);
                var help = b.String(q, "help", p, required: true);
                var options = b.List(q, "options", p, (o, op) =>
                    b.AsMapping(o, op) is { } om && b.String(om, "value", op, required: true) is { } v && b.String(om, "label", op, required: true) is { } l
                        ? new IntakeOption(v, l) : null, required: type is "choice" or "multi_choice");
                if (key is not null && section is not null && type is not null && text is not null && help is not null)
                    questions.Add(new IntakeQuestion(key, section, type, text, help, options));
                return (object?)null;
            }, required: true);
        }
        if (errors.Count > 0)
            throw new DataFileException(errors);
        return new IntakeQuestionnaire(sections, questions);
    }
}
