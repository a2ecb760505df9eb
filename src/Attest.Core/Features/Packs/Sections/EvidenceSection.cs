using System.Text;
using System.Text.Json;
using Attest.Core.Common;
using Attest.Core.Features.Evidence;
using Attest.Core.Features.Inventory;
using Attest.Engine.Packs;

namespace Attest.Core.Features.Packs.Sections;

/// <summary>
/// <c>evidence.json</c>: every evidence item of the system (retired ones too, with their status) and the
/// freshness of each required control when the pack was made. Content is identified by SHA-256; the
/// files themselves stay in the evidence store (GET /api/v1/evidence/{id}/content).
/// </summary>
public sealed class EvidenceSection(ListSystemEvidence list, GetSystemEvidenceStatus status) : IPackSection
{
    public int Order => 40;

    public async Task<IReadOnlyList<PackFile>> FilesAsync(SystemDetails system, CancellationToken ct)
    {
        var items = (await list.ExecuteAsync(system.Id, ct)).Value ?? [];
        if (items.Count == 0) return [];
        var freshness = (await status.ExecuteAsync(system.Id, ct)).Value;
        var document = new { format = "attest.evidence/v1", evidence = items, freshness };
        return [new PackFile("evidence.json", Encoding.UTF8.GetBytes(JsonSerializer.Serialize(document, AttestJson.Indented) + "\n"))];
    }
}
