using System.Text;
using System.Text.Json;
using Attest.Core.Common;
using Attest.Core.Features.Inventory;
using Attest.Engine.Packs;

namespace Attest.Core.Features.Packs.Sections;

/// <summary><c>system.json</c> (the system as the API returns it) and <c>system-card.md</c> (the same, for people).</summary>
public sealed class SystemSection(GetSystemLineage lineage) : IPackSection
{
    public int Order => 0;

    public async Task<IReadOnlyList<PackFile>> FilesAsync(SystemDetails system, CancellationToken ct)
    {
        var graph = await lineage.ExecuteAsync(system.Id, ct);
        return
        [
            new PackFile("system.json", Encoding.UTF8.GetBytes(JsonSerializer.Serialize(system, AttestJson.Indented) + "\n")),
            new PackFile("system-card.md", Encoding.UTF8.GetBytes(SystemCard.Render(system, graph.IsOk ? graph.Value : null))),
        ];
    }
}

/// <summary><c>lineage.json</c>: deployments → model versions → datasets → their sources, as a graph.</summary>
public sealed class LineageSection(GetSystemLineage lineage) : IPackSection
{
    public int Order => 10;

    public async Task<IReadOnlyList<PackFile>> FilesAsync(SystemDetails system, CancellationToken ct)
    {
        var graph = await lineage.ExecuteAsync(system.Id, ct);
        return graph.IsOk
            ? [new PackFile("lineage.json", Encoding.UTF8.GetBytes(JsonSerializer.Serialize(graph.Value, AttestJson.Indented) + "\n"))]
            : [];
    }
}
