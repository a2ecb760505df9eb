using System.Text.Json.Nodes;
using Attest.Core.Features.Ledger;
using Attest.Engine.Ledger;
using Attest.Web.Security;
using Microsoft.AspNetCore.Mvc;

namespace Attest.Web.Api;

internal static class LedgerApi
{
    public static void MapLedgerApi(this RouteGroupBuilder api)
    {
        var ledger = api.MapGroup("/ledger").WithTags("Ledger");
        ledger.MapGet("/", List).Requires(Permissions.LedgerRead).Produces<LedgerPage>();
        ledger.MapGet("/checkpoints/latest", Latest).Requires(Permissions.LedgerRead).WithMetadata(LedgerWideRead.Instance)
            .Produces<CheckpointDto>().ProducesProblem(StatusCodes.Status404NotFound);
        ledger.MapGet("/checkpoints", Checkpoints).Requires(Permissions.LedgerRead).WithMetadata(LedgerWideRead.Instance).Produces<CheckpointPage>();
        ledger.MapPost("/checkpoints", Sign).Requires(Permissions.LedgerCheckpoint).WithMetadata(InstallationWrite.Instance)
            .Produces<CheckpointOutcome>().Produces<CheckpointOutcome>(StatusCodes.Status201Created);
        ledger.MapGet("/{seq:long}/proof", Proof).Requires(Permissions.LedgerRead).WithMetadata(LedgerWideRead.Instance)
            .Produces<JsonObject>().ProducesProblem(StatusCodes.Status404NotFound);
        ledger.MapGet("/consistency", Consistency).Requires(Permissions.LedgerRead).WithMetadata(LedgerWideRead.Instance)
            .Produces<JsonObject>().ProducesValidationProblem();
        ledger.MapGet("/public-keys", PublicKeys).Requires(Permissions.LedgerRead).Produces<ItemsResponse<LedgerPublicKeyDto>>();
        ledger.MapGet("/history", (string subject, GetHistory useCase, HttpContext http, CancellationToken ct, [FromQuery(Name = "after_seq")] long afterSeq = 0, int limit = 100) =>
                History(useCase, HistoryScope.Subject, subject, afterSeq, limit, Callers.ReadScope(http), ct))
            .Requires(Permissions.LedgerRead).Produces<HistoryPage>();
        ledger.MapGet("/actors/{actor}/history", (string actor, GetHistory useCase, HttpContext http, CancellationToken ct, [FromQuery(Name = "after_seq")] long afterSeq = 0, int limit = 100) =>
                History(useCase, HistoryScope.Actor, actor, afterSeq, limit, Callers.ReadScope(http), ct))
            .Requires(Permissions.LedgerRead).Produces<HistoryPage>();

        api.MapGet("/systems/{idOrSlug}/history", (string idOrSlug, GetHistory useCase, HttpContext http, CancellationToken ct, [FromQuery(Name = "after_seq")] long afterSeq = 0, int limit = 100) =>
                History(useCase, HistoryScope.System, idOrSlug, afterSeq, limit, Callers.ReadScope(http), ct))
            .WithTags("Systems").Requires(Permissions.LedgerRead).Produces<HistoryPage>().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/datasets/{idOrSlug}/history", (string idOrSlug, GetHistory useCase, HttpContext http, CancellationToken ct, [FromQuery(Name = "after_seq")] long afterSeq = 0, int limit = 100) =>
                History(useCase, HistoryScope.Dataset, idOrSlug, afterSeq, limit, Callers.ReadScope(http), ct))
            .WithTags("Datasets").Requires(Permissions.LedgerRead).Produces<HistoryPage>().ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> List(ListLedgerEntries useCase, HttpContext http, CancellationToken ct, string? subject = null, string? actor = null,
        [FromQuery(Name = "after_seq")] long afterSeq = 0, int limit = 100) =>
        TypedResults.Ok(await useCase.ExecuteAsync(new LedgerQuery(subject, actor, afterSeq, limit), Callers.ReadScope(http), ct));

    private static async Task<IResult> Latest(GetLatestCheckpoint useCase, CancellationToken ct) =>
        ApiResults.Map(await useCase.ExecuteAsync(ct), TypedResults.Ok);

    private static async Task<IResult> Checkpoints(ListCheckpoints useCase, CancellationToken ct,
        [FromQuery(Name = "before_tree_size")] long? beforeTreeSize = null, int limit = 100) =>
        TypedResults.Ok(await useCase.ExecuteAsync(beforeTreeSize, limit, ct));

    private static async Task<IResult> Sign(CreateCheckpoint useCase, HttpContext http, CancellationToken ct) =>
        ApiResults.Map(await useCase.ExecuteAsync(Callers.Of(http), ct),
            o => o.Created ? TypedResults.Created("/api/v1/ledger/checkpoints/latest", o) : TypedResults.Ok(o));

    private static async Task<IResult> Proof(long seq, GetInclusionProof useCase, HttpContext http, CancellationToken ct) =>
        ApiResults.Map(await useCase.ExecuteAsync(seq, ct), TypedResults.Ok);

    private static async Task<IResult> Consistency(GetConsistencyProof useCase, CancellationToken ct, long from = 0, long to = 0) =>
        ApiResults.Map(await useCase.ExecuteAsync(from, to, ct), TypedResults.Ok);

    // This instance's ring, then the keys other instances on the same database recorded in the ledger (active: this instance's only).
    private static async Task<IResult> PublicKeys(LedgerKeys keys, Attest.Core.Data.AttestDbContext db, CancellationToken ct)
    {
        var ring = keys.ReadCurrent();
        var items = ring is null ? [] : ring.Keys.Select(k => new LedgerPublicKeyDto(
            k.KeyId, "Ed25519", k.PublicKey, ring.PublicKeyPem(k.KeyId), LedgerHashing.FormatTime(k.Created),
            k.Retired is { } r ? LedgerHashing.FormatTime(r) : null, k.KeyId == ring.ActiveKeyId)).ToList();
        foreach (var k in await LedgerPublicKeys.RecordedAsync(db, ct))
        {
            if (items.TrueForAll(i => i.KeyId != k.KeyId))
                items.Add(new LedgerPublicKeyDto(k.KeyId, "Ed25519", k.PublicKey, Ed25519PublicKeys.ToPem(k.PublicKeyBytes()), LedgerHashing.FormatTime(k.Created),
                    k.Retired is { } r ? LedgerHashing.FormatTime(r) : null, false));
        }
        return TypedResults.Ok(new ItemsResponse<LedgerPublicKeyDto>(items, items.Count));
    }

    private static async Task<IResult> History(GetHistory useCase, HistoryScope scope, string key, long afterSeq, int limit, ReadScope readScope, CancellationToken ct) =>
        ApiResults.Map(await useCase.ExecuteAsync(scope, key, afterSeq, limit, readScope, ct), TypedResults.Ok);
}

/// <summary>A ledger signing key, active or retired: publish these to auditors (oldest first).</summary>
/// <param name="PublicKey">Base64 of the raw 32-byte Ed25519 public key.</param>
/// <param name="PublicKeyPem">The same key as SubjectPublicKeyInfo PEM (what openssl and `attest … --public-key` read).</param>
public sealed record LedgerPublicKeyDto(string KeyId, string Algorithm, string PublicKey, string PublicKeyPem, string Created, string? Retired, bool Active);
