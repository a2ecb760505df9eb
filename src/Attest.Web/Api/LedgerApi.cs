using Attest.Core.Features.Ledger;
using Microsoft.AspNetCore.Mvc;

namespace Attest.Web.Api;

internal static class LedgerApi
{
    public static void MapLedgerApi(this RouteGroupBuilder api) =>
        api.MapGet("/ledger", async (ListLedgerEntries useCase, CancellationToken ct, string? subject = null, string? actor = null,
                [FromQuery(Name = "after_seq")] long afterSeq = 0, int limit = 100) =>
            TypedResults.Ok(await useCase.ExecuteAsync(new LedgerQuery(subject, actor, afterSeq, limit), ct)))
            .WithTags("Ledger").Requires(Permissions.LedgerRead).Produces<LedgerPage>();
}
