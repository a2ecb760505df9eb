using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Attest.Core.Features.Compliance.Intake;
using Microsoft.Extensions.Primitives;

namespace Attest.Web.Components.Pages;

/// <summary>
/// The intake wizard's answers as form values, one list of strings per answer key (dotted paths such as
/// transparency.deep_fake), and back: the posted form as attest.intake/v1 JSON for the parser to check. Nothing is
/// filled in for the user: a question with nothing chosen is left out (unanswered); "unknown" and "none" are answers.
/// </summary>
public sealed class IntakeAnswerValues
{
    private readonly Dictionary<string, List<string>> _values = new(StringComparer.Ordinal);

    public IReadOnlyList<string> Of(string key) => _values.TryGetValue(key, out var v) ? v : [];

    public string First(string key) => Of(key).FirstOrDefault() ?? "";

    public bool Has(string key, string value) => Of(key).Contains(value);

    /// <summary>The values of stored answers (an attest.intake/v1 document).</summary>
    public static IntakeAnswerValues FromAnswers(JsonElement answers, IntakeQuestionnaire questions)
    {
        var values = new IntakeAnswerValues();
        foreach (var q in questions.Questions)
        {
            var node = answers;
            var found = true;
            foreach (var part in q.Key.Split('.'))
            {
                if (node.ValueKind != JsonValueKind.Object || !node.TryGetProperty(part, out node))
                {
                    found = false;
                    break;
                }
            }
            if (!found) continue;
            values._values[q.Key] = node.ValueKind switch
            {
                // An empty list is the explicit answer "none of these"; so is a null derogation (none claimed).
                JsonValueKind.Array when node.GetArrayLength() == 0 => [IntakeParser.NoneWord],
                JsonValueKind.Array => node.EnumerateArray().Select(Text).ToList(),
                JsonValueKind.Null when q.Key == "art_6_3_exemption" => [IntakeParser.NoneWord],
                JsonValueKind.Null when q.Type == "number" => [IntakeParser.UnknownWord],
                JsonValueKind.Null or JsonValueKind.Undefined => [],
                _ => [Text(node)],
            };
        }
        return values;
    }

    /// <summary>The values a form post carried, for the questions the wizard asks.</summary>
    public static IntakeAnswerValues FromForm(IFormCollection form, IntakeQuestionnaire questions)
    {
        var values = new IntakeAnswerValues();
        foreach (var q in questions.Questions)
            values._values[q.Key] = form.TryGetValue(q.Key, out StringValues posted) ? posted.Where(v => v is not null).Select(v => v!).ToList() : [];
        return values;
    }

    /// <summary>
    /// The answers as attest.intake/v1 JSON. A question with nothing chosen or typed is left out (unanswered; the name
    /// gets the parser's "required" message); "unknown" and "none" pass as words; a number that does not parse is
    /// passed on as text so the parser names the key.
    /// </summary>
    public JsonObject ToJson(IntakeQuestionnaire questions)
    {
        var root = new JsonObject { ["format"] = "attest.intake/v1" };
        foreach (var q in questions.Questions)
        {
            var posted = Of(q.Key).Select(v => v.Trim()).ToList();
            JsonNode? node;
            switch (q.Type)
            {
                case "multi_choice" or "annex_iii":
                    var ticked = posted.Where(v => v.Length > 0).ToList();
                    if (ticked.Count == 0) continue;
                    // "None of these" or "not sure" alone is the answer; ticked with options, the parser names the contradiction.
                    node = ticked is [var word] && word is IntakeParser.NoneWord or IntakeParser.UnknownWord
                        ? JsonValue.Create(word)
                        : new JsonArray(ticked.Select(v => (JsonNode)JsonValue.Create(v)).ToArray());
                    break;
                case "boolean":
                    if (posted.Count == 0 || posted[0].Length == 0) continue;
                    node = posted[0] switch { "true" => JsonValue.Create(true), "false" => JsonValue.Create(false), var other => JsonValue.Create(other) };
                    break;
                case "number":
                    if (posted.Count == 0 || posted[0].Length == 0) continue;
                    node = long.TryParse(posted[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var whole) ? JsonValue.Create(whole)
                        : double.TryParse(posted[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var real) ? JsonValue.Create(real)
                        : JsonValue.Create(posted[0]);
                    break;
                case "choice":
                    if (posted.Count == 0 || posted[0].Length == 0) continue;
                    node = JsonValue.Create(posted[0]);
                    break;
                default:
                    if (posted.Count == 0 || posted[0].Length == 0) continue;
                    node = JsonValue.Create(posted[0]);
                    break;
            }
            Set(root, q.Key, node);
        }
        return root;
    }

    private static void Set(JsonObject root, string key, JsonNode? value)
    {
        var parts = key.Split('.');
        var target = root;
        foreach (var part in parts[..^1])
        {
            if (target[part] is not JsonObject child)
                target[part] = child = new JsonObject();
            target = child;
        }
        target[parts[^1]] = value;
    }

    private static string Text(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => e.GetString()!,
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => e.GetRawText(),
    };
}
