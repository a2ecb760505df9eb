using System.Text.Json.Nodes;
using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Features.Documents;
using Attest.Core.Features.Inventory;
using Attest.Core.Governance;
using Attest.Engine.Inventory;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Documents;

public enum BomImportAction { Created, Updated, Unchanged }

/// <summary>What the import did with one machine-learning-model component.</summary>
/// <param name="Component">The component's JSON path in the BOM, e.g. <c>components[2]</c>.</param>
public sealed record BomImportLine(string Component, string? BomRef, string ModelVersionId, string Name, string Version, BomImportAction Action);

public sealed record BomImportResult(
    string SystemId, string SystemSlug, string BomSha256, string SpecVersion, string? SerialNumber, int? BomVersion,
    IReadOnlyList<BomImportLine> Components);

/// <summary>
/// Imports a vendor's CycloneDX ML-BOM into a system: each <c>machine-learning-model</c> component becomes a
/// third-party model version (matched by name and version), is brought up to date with the BOM, or is left
/// unchanged. All components or none: one transaction, a ledger entry per created or updated model version and
/// one (<c>bom.imported</c>) for the import itself. The BOM is parsed and validated against the CycloneDX schema
/// before the transaction starts (a quick structural check spares the common shape the full schema check), and the
/// transaction does linear work only: the system's model versions are read once into a dictionary, the new ones are
/// inserted as one batch (<see cref="BulkInsert"/>), their ledger entries appended as one batch (<c>GovernedChange.RecordAllAsync</c>),
/// and material change is assessed once for all of them — so a large BOM holds the write lock briefly
/// (bench/README.md: 10,000 components).
/// </summary>
public sealed class ImportCycloneDxBom(AttestDbContext db, GovernedWrites writes, IdGenerator ids)
{
    public async Task<Result<BomImportResult>> ExecuteAsync(string systemIdOrSlug, byte[] content, CallerIdentity caller, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (await db.FindSystemAsync(systemIdOrSlug, ct) is null) return Result<BomImportResult>.NotFound($"No AI system '{systemIdOrSlug}'.");
        var (bom, problems) = await CycloneDxMlBom.ParseAsync(content);
        if (bom is null) return problems.ToResult<BomImportResult>();

        return await writes.ChangeAsync(caller, Permissions.InventoryWrite, WriteTarget.System(systemIdOrSlug), async change =>
        {
            var system = change.System;
            var existing = await db.ModelVersions.Include(m => m.TrainingDatasets).Where(m => m.SystemId == system.Id).ToListAsync(ct);
            var byLabel = existing.GroupBy(e => (e.Name, e.Version)).ToDictionary(g => g.Key, g => g.First());
            var matches = bom.Models.ToDictionary(m => m, m => byLabel.GetValueOrDefault((m.Name, m.Version)));
            if (matches.FirstOrDefault(p => p.Value is { Provider: ModelProvider.InHouse }) is { Key: { } ours })
            {
                return Result<BomImportResult>.Conflict(
                    $"{ours.Path} ({ours.Label}): system '{system.Slug}' already has {ours.Label} as an in-house model version; a vendor BOM may create or update only third-party and open-source ones.",
                    new Dictionary<string, string[]> { [ours.Path] = [$"{ours.Label} is an in-house model version of this system"] });
            }

            var datasetIds = existing.SelectMany(m => m.TrainingDatasets).Select(t => t.DatasetId).Distinct().ToList();
            var datasets = await db.Datasets.AsNoTracking().Where(d => datasetIds.Contains(d.Id)).ToDictionaryAsync(d => d.Id, ct);
            var errors = new FieldErrors();
            var lines = new List<BomImportLine>();
            var created = new List<ModelVersion>();
            var entries = new List<(LedgerAction<AiSystem>, JsonNode)>();
            var now = change.Now;
            // Entities are added and edited explicitly below; scanning every tracked entity on each ledger append
            // would make the import quadratic. Changes are detected once, before the commit.
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            try
            {
                foreach (var component in bom.Models)
                {
                    var model = matches[component];
                    var input = model is null ? NewInput(component) : UpdatedInput(model, component);
                    var invalid = ModelVersionMapping.Validate(input);
                    foreach (var (field, messages) in invalid.ToDictionary())
                        foreach (var message in messages) errors.Add($"{component.Path}.{BomField(field)}", message);
                    if (invalid.Any) continue;

                    if (model is null)
                    {
                        model = new ModelVersion { Id = ids.New("mv"), SystemId = system.Id, Name = component.Name, Version = component.Version, RowVersion = 1, CreatedAt = now, UpdatedAt = now };
                        input.ApplyTo(model, []);
                        created.Add(model);
                        entries.Add((LedgerActions.ModelVersionRegistered, AttestJson.ToNode(model.ToDto(system.Slug, datasets))));
                        // A vendor's new model is judged against the approved configuration like any registration.
                        change.Touched(model, "registered");
                        lines.Add(Line(component, model, BomImportAction.Created));
                    }
                    else if (Unchanged(model, input))
                    {
                        lines.Add(Line(component, model, BomImportAction.Unchanged));
                    }
                    else
                    {
                        var before = model.ToDto(system.Slug, datasets);
                        var trainedOn = model.TrainingDatasets.Select(t => datasets[t.DatasetId]).ToList();
                        input.ApplyTo(model, trainedOn);
                        model.RowVersion++;
                        model.UpdatedAt = now;
                        entries.Add((LedgerActions.ModelVersionUpdated,
                            new JsonObject { ["before"] = AttestJson.ToNode(before), ["after"] = AttestJson.ToNode(model.ToDto(system.Slug, datasets)) }));
                        change.Touched(model, "updated");
                        lines.Add(Line(component, model, BomImportAction.Updated));
                    }
                }
                if (errors.Any) return errors.ToResult<BomImportResult>();
                // The new versions and their entries go in as batches (multi-row inserts; the entries chained in memory).
                await BulkInsert.InsertAsync(db, created, ct);
                await change.RecordAllAsync(entries, ct);
            }
            finally
            {
                db.ChangeTracker.AutoDetectChangesEnabled = true;
            }

            if (lines.Any(l => l.Action != BomImportAction.Unchanged))
            {
                system.UpdatedAt = now;
                system.Version++;
            }
            var result = new BomImportResult(system.Id, system.Slug, bom.Sha256, bom.SpecVersion, bom.SerialNumber, bom.Version, lines);
            await change.RecordAsync(LedgerActions.BomImported, ImportPayload(result), ct);
            return Result<BomImportResult>.Ok(result);
        }, ct);
    }

    private static ModelVersionInput NewInput(BomModel c) => new()
    {
        Name = c.Name,
        Version = c.Version,
        Kind = c.Kind,
        Provider = ModelProvider.ThirdParty,
        ProviderName = c.ProviderName,
        License = c.License,
        ArtifactUri = c.ArtifactUri,
        ArtifactSha256 = c.ArtifactSha256,
        Config = (JsonObject)c.Metadata.DeepClone(),
    };

    /// <summary>
    /// What the BOM states replaces what is recorded; what it does not state (a licence, a hash) stays. The kind,
    /// provider, lineage and prompt/corpus hashes are Attest's own records and stay too. The <c>cyclonedx.*</c>
    /// config keys mirror the latest BOM; the owners' other config keys stay.
    /// </summary>
    private static ModelVersionInput UpdatedInput(ModelVersion m, BomModel c)
    {
        var config = JsonNode.Parse(m.ConfigJson)!.AsObject();
        foreach (var key in config.Select(p => p.Key).Where(k => k.StartsWith(CycloneDxMlBom.MetadataPrefix, StringComparison.Ordinal)).ToList())
            config.Remove(key);
        foreach (var (key, value) in c.Metadata) config[key] = value?.DeepClone();
        return new ModelVersionInput
        {
            Name = m.Name,
            Version = m.Version,
            Kind = m.Kind,
            Provider = m.Provider,
            ProviderName = c.ProviderName ?? m.ProviderName,
            License = c.License ?? m.License,
            ArtifactUri = c.ArtifactUri ?? m.ArtifactUri,
            ArtifactSha256 = c.ArtifactSha256 ?? m.ArtifactSha256,
            Config = config,
            PromptTemplateSha256 = m.PromptTemplateSha256,
            RetrievalCorpusSha256 = m.RetrievalCorpusSha256,
        };
    }

    private static bool Unchanged(ModelVersion m, ModelVersionInput input) =>
        m.ProviderName == input.ProviderName && m.License == input.License && m.ArtifactUri == input.ArtifactUri
        && m.ArtifactSha256 == input.ArtifactSha256 && JsonNode.DeepEquals(JsonNode.Parse(m.ConfigJson), input.Config);

    private static BomImportLine Line(BomModel c, ModelVersion m, BomImportAction action) => new(c.Path, c.BomRef, m.Id, m.Name, m.Version, action);

    // A model version field that fails validation, named as the CycloneDX field it came from.
    private static string BomField(string field) => field switch
    {
        "provider_name" => "supplier",
        "license" => "licenses",
        "artifact_uri" => "externalReferences",
        "artifact_sha256" => "hashes",
        _ when field.StartsWith("config", StringComparison.Ordinal) => "modelCard",
        _ => field,
    };

    private static JsonObject ImportPayload(BomImportResult r) => new()
    {
        ["format"] = "CycloneDX",
        ["spec_version"] = r.SpecVersion,
        ["serial_number"] = r.SerialNumber,
        ["version"] = r.BomVersion,
        ["sha256"] = r.BomSha256,
        ["created"] = r.Components.Count(l => l.Action == BomImportAction.Created),
        ["updated"] = r.Components.Count(l => l.Action == BomImportAction.Updated),
        ["unchanged"] = r.Components.Count(l => l.Action == BomImportAction.Unchanged),
        ["components"] = AttestJson.ToNode(r.Components),
    };
}
