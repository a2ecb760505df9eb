using Attest.Core.Features.Compliance;
using Attest.Core.Features.Gates;
using Attest.Core.Features.Ledger;

namespace Attest.Core.DataFiles;

/// <summary>What the data in force holds, once every file loaded and checked.</summary>
public sealed record DataCheckReport(int Controls, int Frameworks, int Calendars, int Questions, int Gates, int MaterialChangeTriggers, int Phrases,
    int Obligations = 0, int TierFactors = 0, int IncidentCategories = 0, int IncidentClockRules = 0, int Kpis = 0, int TrainingRoles = 0);

/// <summary>
/// Loads and checks every data file Attest decides with — the shipped ones and an organisation's data directory over
/// them: control library and framework packs, calendars, intake questions, Annex III, review routing, the obligations per
/// role and the tier policy the classifier decides with, release gates,
/// material-change triggers, review policy, history phrases, the incident taxonomy and clock rules, the KPI definitions, the required training courses. The server runs it before it accepts a request; `attest data
/// check` runs it offline for CI. Every error of every file is collected (file, line, field), so one run shows them all.
/// </summary>
public static class DataCheck
{
    public static DataCheckReport Run(string? organisationDataDirectory, string? calendar)
    {
        var org = organisationDataDirectory is not null && Directory.Exists(organisationDataDirectory) ? organisationDataDirectory : null;
        var errors = new List<DataError>();
        var compliance = Collect(errors, () => ComplianceData.Load(org, calendar));
        var gates = compliance is null ? null : Collect(errors, () => GateData.Load(compliance, org));
        var phrases = Collect(errors, () => HistoryPhraseBook.LoadDefault(org));
        var incidents = Collect(errors, () => Features.Incidents.IncidentData.Load(org));
        var kpis = Collect(errors, () => Features.Kpis.KpiCatalog.Load(org));
        var training = Collect(errors, () => Features.Training.TrainingRequirements.Load(org));
        if (errors.Count > 0)
            throw new DataFileException(errors);
        return new DataCheckReport(compliance!.Library.Controls.Count, compliance.Library.Frameworks.Count, compliance.Calendars.All.Count,
            compliance.Questions.Questions.Count, gates!.Catalog.Gates.Count, gates.Catalog.MaterialChangeTriggers.Count, phrases!.Phrases.Count,
            ObligationCount(compliance.Tables.Obligations), compliance.Tables.Tiers.Raises.Count,
            incidents!.Categories.Count, incidents.Rules.Count, kpis!.Definitions.Count, training!.RequiredByRole.Count);
    }

    private static int ObligationCount(Attest.Engine.Classification.ObligationTable t) =>
        new[] { t.AiLiteracy, t.Prohibited, t.Art63Derogation, t.Gpai, t.GpaiSystemicRisk }.Concat(t.HighRisk).Sum(g => g.Obligations.Count);

    private static T? Collect<T>(List<DataError> errors, Func<T> load) where T : class
    {
        try
        {
            return load();
        }
        catch (DataFileException e)
        {
            errors.AddRange(e.Errors);
            return null;
        }
    }
}
