using Attest.Core.DataFiles;
using Attest.Core.Features.Compliance.Intake;
using Attest.Engine.Classification;

namespace Attest.Core.Features.Compliance.Tables;

/// <summary>The classifier's tables from the shipped data: obligations, the tier policy and the Annex III area titles.</summary>
public static class ClassificationTablesLoader
{
    /// <summary>Loads both files and reports the problems of both at once.</summary>
    public static ClassificationTables LoadDefault(AnnexIiiCatalog annexIii)
    {
        ArgumentNullException.ThrowIfNull(annexIii);
        var errors = new List<DataError>();
        var obligations = Collect(errors, ObligationTableLoader.LoadDefault);
        var tiers = Collect(errors, TierPolicyLoader.LoadDefault);
        if (errors.Count > 0)
            throw new DataFileException(errors);
        return new ClassificationTables(obligations!, tiers!, annexIii.AreaTitles);
    }

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
