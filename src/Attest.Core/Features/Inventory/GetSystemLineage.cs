using Attest.Core.Common;
using Attest.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Inventory;

public sealed record LineageNode(string Kind, string Id, string Label);

/// <summary>A directed edge: <c>From</c> relates to <c>To</c> as <c>Relation</c> ("runs", "trained_on", "derived_from").</summary>
public sealed record LineageEdge(string From, string To, string Relation);

public sealed record SystemLineage(string SystemId, string SystemSlug, IReadOnlyList<LineageNode> Nodes, IReadOnlyList<LineageEdge> Edges);

/// <summary>system → deployments → model versions → datasets → their ancestor datasets, as a graph.</summary>
public sealed class GetSystemLineage(AttestDbContext db)
{
    public async Task<Result<SystemLineage>> ExecuteAsync(string idOrSlug, CancellationToken ct)
    {
        var system = await db.LoadFullAsync(idOrSlug, ct);
        if (system is null) return Result<SystemLineage>.NotFound($"No AI system '{idOrSlug}'.");
        var datasets = await db.Datasets.AsNoTracking().Include(d => d.Parents).ToDictionaryAsync(d => d.Id, ct);

        var nodes = new Dictionary<string, LineageNode>(StringComparer.Ordinal) { [system.Id] = new("system", system.Id, system.Name) };
        var edges = new List<LineageEdge>();
        foreach (var d in system.Deployments)
        {
            nodes[d.Id] = new("deployment", d.Id, $"{SnakeCase.FromEnum(d.Environment)} · {d.Region} ({SnakeCase.FromEnum(d.Status)})");
            edges.Add(new(system.Id, d.Id, "deployed_as"));
            edges.Add(new(d.Id, d.ModelVersionId, "runs"));
        }
        var pending = new Queue<string>();
        foreach (var m in system.ModelVersions)
        {
            nodes[m.Id] = new("model_version", m.Id, m.Label);
            edges.Add(new(system.Id, m.Id, "has_model"));
            foreach (var t in m.TrainingDatasets)
            {
                edges.Add(new(m.Id, t.DatasetId, "trained_on"));
                pending.Enqueue(t.DatasetId);
            }
        }
        while (pending.TryDequeue(out var id))
        {
            if (nodes.ContainsKey(id)) continue;
            var ds = datasets[id];
            nodes[id] = new("dataset", id, ds.Name);
            foreach (var p in ds.Parents)
            {
                edges.Add(new(id, p.ParentId, "derived_from"));
                pending.Enqueue(p.ParentId);
            }
        }
        return Result<SystemLineage>.Ok(new SystemLineage(system.Id, system.Slug, nodes.Values.ToList(), edges.Distinct().ToList()));
    }
}
