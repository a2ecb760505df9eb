using Attest.Core.Data;
using Attest.Engine.Controls;

namespace Attest.Core.Features.Compliance;

/// <summary>
/// The controls a system requires now, decided once for every reader and writer: those its classification requires, as
/// the library in force reads them (the organisation's controls from incident lessons written over the files), plus the
/// organisation's added controls in its scope. Evidence, waivers, the controls page, the matrix and the gates agree
/// because they all ask here.
/// </summary>
internal static class RequiredControls
{
    public static async Task<IReadOnlyList<Control>> OfAsync(AttestDbContext db, ComplianceData data, string systemId, ClassificationRecords.Latest latest, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(latest);
        var overlay = await Incidents.OrgControlLibrary.LoadAsync(db, data, ct);
        return overlay.Required(systemId, latest);
    }

    /// <summary>The library in force: the files with the organisation's controls written over them.</summary>
    public static async Task<ControlLibrary> LibraryInForceAsync(AttestDbContext db, ComplianceData data, CancellationToken ct) =>
        (await Incidents.OrgControlLibrary.LoadAsync(db, data, ct)).Library;
}
