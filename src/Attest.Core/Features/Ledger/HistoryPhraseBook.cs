using System.Text.Json;
using System.Text.Json.Nodes;
using Attest.Core.DataFiles;
using Attest.Engine.Ledger;

namespace Attest.Core.Features.Ledger;

/// <summary>The action → phrase table of the history view, from <c>data/ledger/history-phrases.json</c>.</summary>
public sealed class HistoryPhraseBook
{
    public const string Format = "attest.history-phrases/v1";
    private static readonly Lazy<HistoryPhraseBook> Shipped = new(() => Load(DefaultFile));
    private readonly Dictionary<string, string> _phrases;

    private HistoryPhraseBook(Dictionary<string, string> phrases) => _phrases = phrases;

    public static string DefaultFile => ShippedData.PathOf("ledger", "history-phrases.json");

    /// <summary>The table shipped with Attest (loaded once).</summary>
    public static HistoryPhraseBook Default => Shipped.Value;

    public IReadOnlyDictionary<string, string> Phrases => _phrases;

    /// <summary>"registered model version credit-pd-gbm@3.1.0 of Consumer credit scoring", or the generic wording.</summary>
    public string Describe(string action, JsonNode? payload, string subjectLabel) =>
        (_phrases.TryGetValue(action, out var template) ? HistoryPhrase.Render(template, payload, subjectLabel) : null)
        ?? $"recorded {action} on {subjectLabel}";

    /// <summary>Loads and checks a phrase file; <see cref="InvalidDataException"/> names the file and key.</summary>
    public static HistoryPhraseBook Load(string path)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not valid JSON ({e.Message}).", e);
        }
        if (root?["format"]?.GetValue<string>() != Format) throw new InvalidDataException($"{path}: 'format' must be {Format}.");
        if (root["phrases"] is not JsonObject phrases) throw new InvalidDataException($"{path}: 'phrases' must be an object of action → phrase.");
        var table = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (action, value) in phrases)
        {
            if (value is not JsonValue v || !v.TryGetValue<string>(out var template) || string.IsNullOrWhiteSpace(template))
                throw new InvalidDataException($"{path}: phrases.{action} must be a non-empty string.");
            try
            {
                HistoryPhrase.Placeholders(template);
            }
            catch (FormatException e)
            {
                throw new InvalidDataException($"{path}: phrases.{action}: {e.Message}", e);
            }
            table[action] = template;
        }
        return new HistoryPhraseBook(table);
    }
}
