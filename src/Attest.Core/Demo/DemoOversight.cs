using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Features.Inventory;
using Attest.Core.Features.Oversight;
using Attest.Core.Governance;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Attest.Core.Demo;

/// <summary>
/// The runtime part of the demo story: oversight policies proposed and approved, production decisions logged by the
/// systems' own service keys (drawn from a seeded generator, so every demo holds the same ones), reviewers working
/// through the queue, and an appeal — all through the use cases the API calls, on the demo clock.
/// </summary>
internal sealed class DemoOversight(IServiceProvider services, DemoClock clock, string directory)
{
    private readonly Dictionary<string, int> proposed = new(StringComparer.Ordinal);

    public async Task PlayAsync(DemoStep step, CallerIdentity caller, string where, CancellationToken ct)
    {
        if (step.OversightPolicy is { } p)
        {
            var file = Path.Combine(directory, p.File);
            var yaml = !file.EndsWith(".json", StringComparison.OrdinalIgnoreCase);
            var result = Check(await Use<ProposeOversightPolicy>().ExecuteAsync(p.System, await File.ReadAllTextAsync(file, ct), yaml, Path.GetFileName(file), caller, ct), where);
            proposed[p.System] = result.Version;
        }
        else if (step.ApproveOversightPolicy is { } a)
        {
            if (!proposed.TryGetValue(a.System, out var version))
                throw new InvalidDataException($"{where}: no earlier step proposes an oversight policy for '{a.System}'.");
            Check(await Use<ApproveOversightPolicy>().ExecuteAsync(a.System, version, caller, ct), where);
        }
        else if (step.Decisions is { } d)
        {
            await LogAsync(d, caller, where, ct);
        }
        else if (step.ReviewQueue is { } r)
        {
            await ReviewAsync(r, caller, where, ct);
        }
        else if (step.Appeal is { } appeal)
        {
            await AppealAsync(appeal, caller, where, ct);
        }
    }

    private async Task LogAsync(DemoDecisions d, CallerIdentity caller, string where, CancellationToken ct)
    {
        if (d.PerDay < 1 || d.Days < 1 || d.Outputs.Count == 0 || d.Confidence.Count != 2)
            throw new InvalidDataException($"{where}.decisions: needs per_day, days, outputs and confidence [low, high].");
        using var busy = clock.Busy();
        var end = clock.GetUtcNow();
        var random = new Random(d.Seed);
        var outputs = d.Outputs.ToList();
        var decisions = new JsonArray();
        var counter = 0;
        for (var day = d.Days; day >= 1; day--)
        {
            var dayStart = end.AddDays(-day);
            for (var n = 0; n < d.PerDay; n++)
            {
                var occurred = dayStart.AddSeconds(random.Next(0, 86_400 - 60));
                // Attributes are drawn first so a skewed group can draw from its own output mix.
                var attributes = d.Attributes.ToDictionary(a => a.Key, a => a.Value[random.Next(a.Value.Count)]);
                var mix = d.Skew is { } skew && attributes.GetValueOrDefault(skew.Attribute) == skew.Value ? skew.Outputs.ToList() : outputs;
                var pick = random.NextDouble() * mix.Sum(o => o.Value);
                var output = mix[^1].Key;
                foreach (var (value, weight) in mix)
                {
                    if ((pick -= weight) < 0) { output = value; break; }
                }
                var externalId = $"{d.ExternalIdPrefix}-{occurred:yyyyMMdd}-{d.Seed}{++counter:D4}";
                var decision = new JsonObject
                {
                    ["system"] = d.System,
                    ["model_version"] = d.ModelVersion,
                    ["external_id"] = externalId,
                    ["occurred_at"] = occurred.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                    ["input"] = new JsonObject { ["case"] = externalId },
                    ["output"] = output,
                    ["confidence"] = Math.Round(d.Confidence[0] + random.NextDouble() * (d.Confidence[1] - d.Confidence[0]), 3),
                    ["features"] = Ranges(d.Features, random, wholeNumbers: true),
                    ["factors"] = Ranges(d.Factors, random, wholeNumbers: false),
                };
                if (d.Deployment is not null) decision["deployment"] = d.Deployment;
                if (attributes.Count > 0)
                    decision["attributes"] = new JsonObject(attributes.Select(a => KeyValuePair.Create(a.Key, (JsonNode?)a.Value)));
                decisions.Add(decision);
            }
        }
        foreach (var chunk in decisions.Chunk(DecisionBodyReader.MaxBatch))
        {
            var json = new JsonObject { ["decisions"] = new JsonArray(chunk.Select(c => c!.DeepClone()).ToArray()) };
            var body = DecisionBodyReader.Read(Encoding.UTF8.GetBytes(json.ToJsonString()), clock.GetUtcNow());
            if (body.Problem != DecisionBodyProblem.None)
                throw new InvalidDataException($"{where}.decisions: {string.Join("; ", body.Errors.Select(e => $"{e.Key}: {e.Value[0]}"))}");
            var results = await Use<IngestDecisions>().ExecuteAsync(caller, [body], ct);
            Check(results[0], where);
        }
    }

    private static JsonObject Ranges(Dictionary<string, List<double>> ranges, Random random, bool wholeNumbers)
    {
        var values = new JsonObject();
        foreach (var (name, range) in ranges)
        {
            var value = range[0] + random.NextDouble() * (range[1] - range[0]);
            values[name] = wholeNumbers ? Math.Round(value) : Math.Round(value, 3);
        }
        return values;
    }

    private async Task ReviewAsync(DemoReviewWork work, CallerIdentity caller, string where, CancellationToken ct)
    {
        using var busy = clock.Busy();
        List<(string Id, string Output)> open;
        using (var scope = services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AttestDbContext>();
            var systemId = await db.Systems.AsNoTracking().WhereIdOrSlug(work.System).Select(s => s.Id).FirstOrDefaultAsync(ct)
                ?? throw new InvalidDataException($"{where}.review_queue.system: no system '{work.System}'.");
            var now = clock.GetUtcNow();
            var rows = await db.ReviewItems.AsNoTracking()
                .Where(i => i.SystemId == systemId && i.ResolvedAt == null && i.ClaimedBy == null && i.ExpiresAt > now)
                .Join(db.Decisions, i => i.DecisionId, d => d.Id, (i, d) => new { i.Id, d.Output })
                .OrderBy(x => x.Id).ToListAsync(ct);
            open = rows.Select(x => (x.Id, x.Output)).ToList();
        }
        // The same items get the same treatment in every demo: the share is read off the item id's hash.
        foreach (var (id, output) in open)
        {
            var share = (StableHash(id) % 10_000) / 10_000.0;
            if (share < work.Confirm)
            {
                Check(await Use<ResolveReviewItem>().ExecuteAsync(id, new ResolveInput { Outcome = ReviewOutcome.Confirmed, Rationale = work.ConfirmRationale }, caller, ct), where);
            }
            else if (share < work.Confirm + work.Override && work.OverrideTo.TryGetValue(output, out var instead))
            {
                Check(await Use<ClaimReviewItem>().ExecuteAsync(id, caller, ct), where);
                Check(await Use<ResolveReviewItem>().ExecuteAsync(id, new ResolveInput
                {
                    Outcome = ReviewOutcome.Overridden,
                    FinalOutput = JsonSerializer.SerializeToElement(instead),
                    Rationale = work.OverrideRationale,
                }, caller, ct), where);
            }
            else if (share < work.Confirm + work.Override + work.Claim)
            {
                Check(await Use<ClaimReviewItem>().ExecuteAsync(id, caller, ct), where);
            }
        }
    }

    private async Task AppealAsync(DemoAppeal appeal, CallerIdentity caller, string where, CancellationToken ct)
    {
        var outcome = appeal.Of == "overridden" ? ReviewOutcome.Overridden : ReviewOutcome.Confirmed;
        string decisionId;
        using (var scope = services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AttestDbContext>();
            var systemId = await db.Systems.AsNoTracking().WhereIdOrSlug(appeal.System).Select(s => s.Id).FirstOrDefaultAsync(ct);
            decisionId = (await db.ReviewItems.AsNoTracking().Where(i => i.SystemId == systemId && i.Outcome == outcome)
                .OrderByDescending(i => i.Id).Select(i => i.DecisionId).FirstOrDefaultAsync(ct))
                ?? throw new InvalidDataException($"{where}.appeal: no {appeal.Of} decision of '{appeal.System}' to appeal.");
        }
        Check(await Use<AppealDecision>().ExecuteAsync(decisionId, new AppealInput { Reason = appeal.Reason }, caller, ct), where);
    }

    private static uint StableHash(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
            hash = (hash ^ c) * 16777619u;
        return hash;
    }

    private T Use<T>() where T : notnull => new DemoServices(services, clock).Get<T>();

    private static T Check<T>(Result<T> result, string where) => DemoGovernanceStory.Check(result, where);
}
