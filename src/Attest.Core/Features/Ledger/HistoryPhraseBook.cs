using System.Text.Json.Nodes;
using Attest.Core.DataFiles;
using Attest.Core.Governance;
using Attest.Engine.Ledger;

namespace Attest.Core.Features.Ledger;

/// <summary>
/// The action → phrase table of the history view, from <c>data/ledger/history-phrases.json</c> (an organisation may
/// reword phrases in its data directory's <c>ledger/history-phrases.json</c>). Every action of the ledger's catalog
/// (<see cref="LedgerActions"/>) must have a phrase and every phrase must name a known action, so the history the
/// auditors read is sentences, never "recorded waiver.approved".
/// </summary>
public sealed class HistoryPhraseBook
{
    public const string Format = "attest.history-phrases/v1";
    private static readonly Lazy<HistoryPhraseBook> Shipped = new(() => LoadDefault(null));
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

    /// <summary>The shipped phrases with the organisation's rewordings over them; every catalog action must end up with one.</summary>
    public static HistoryPhraseBook LoadDefault(string? organisationDataDirectory)
    {
        var errors = new List<DataError>();
        var table = Read(File.ReadAllText(DefaultFile), "data/ledger/history-phrases.json", errors);
        var org = organisationDataDirectory is null ? null : Path.Combine(organisationDataDirectory, "ledger", "history-phrases.json");
        if (org is not null && File.Exists(org))
        {
            foreach (var (action, phrase) in Read(File.ReadAllText(org), org, errors))
                table[action] = phrase;
        }
        foreach (var action in LedgerActions.Names.Where(a => !table.ContainsKey(a)).Order(StringComparer.Ordinal))
            errors.Add(new DataError("data/ledger/history-phrases.json", null, "phrases." + action, "no phrase for this ledger action: the history would read 'recorded " + action + "'"));
        return errors.Count > 0 ? throw new DataFileException(errors) : new HistoryPhraseBook(table);
    }

    /// <summary>Loads one phrase file on its own (all catalog actions required).</summary>
    public static HistoryPhraseBook Load(string path)
    {
        var errors = new List<DataError>();
        var table = Read(File.ReadAllText(path), path, errors);
        return errors.Count > 0 ? throw new DataFileException(errors) : new HistoryPhraseBook(table);
    }

    private static Dictionary<string, string> Read(string text, string file, List<DataError> errors)
    {
        var table = new Dictionary<string, string>(StringComparer.Ordinal);
        var b = new DataBinder(file, errors);
        if (b.AsMapping(DataDocument.Parse(text, file, errors), "") is not { } root)
            return table;
        b.RejectUnknownKeys(root, "", ["format", "about", "phrases"]);
        if (b.String(root, "format", "", required: true) is { } format && format != Format)
            b.Error(DataBinder.LineOf(root, "format"), "format", $"expected {Format}, got \"{format}\"");
        if (b.AsMapping(root["phrases"], "phrases") is not { } phrases)
            return table;
        foreach (var entry in phrases.Entries)
        {
            var path = "phrases." + entry.Key;
            if (!LedgerActions.Names.Contains(entry.Key))
            {
                b.Error(entry.Line, path, "not a ledger action Attest records (see Governance/LedgerActions.cs)");
                continue;
            }
            if (entry.Value is not DataScalar { Kind: ScalarKind.String } scalar || string.IsNullOrWhiteSpace(scalar.Text))
            {
                b.Error(entry.Line, path, "must be a non-empty string");
                continue;
            }
            try
            {
                HistoryPhrase.Placeholders(scalar.Text);
                table[entry.Key] = scalar.Text;
            }
            catch (FormatException e)
            {
                b.Error(entry.Line, path, e.Message);
            }
        }
        return table;
    }
}
