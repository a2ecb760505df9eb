using System.Globalization;
using System.Text.Json.Nodes;
using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Governance;
using Attest.Engine.Ledger;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Ledger;

public enum HistoryScope { System, Dataset, Subject, Actor }

/// <summary>One ledger entry, worded for people.</summary>
/// <param name="Sentence">"Dana Kim (local CLI) registered model version credit-pd-gbm@3.1.0 of Consumer credit scoring at 2026-03-01 09:00 UTC".</param>
/// <param name="IntegrityProblem">Null when the entry re-verified; otherwise what is wrong with it (it was altered outside Attest).</param>
public sealed record HistoryItem(
    long Seq, string Time, string Actor, string ActorName, string Action, string Subject, string SubjectLabel, string Summary, string Sentence, string Hash,
    string? IntegrityProblem = null);

/// <param name="Title">What the history is of: a system's or dataset's name, a subject or an actor's name.</param>
public sealed record HistoryPage(string Title, string Scope, string Key, IReadOnlyList<HistoryItem> Items, long? NextAfterSeq);

/// <summary>
/// The ledger entries of one system, dataset, subject (e.g. an evidence item) or actor, in order,
/// each as a readable sentence built from its action and payload (data/ledger/history-phrases.json). A caller with a
/// narrower read scope sees only entries about what it may read; a system or dataset outside it is answered as missing.
/// </summary>
public sealed class GetHistory(AttestDbContext db, HistoryPhraseBook phrases, LedgerIntegrityMonitor monitor, Access access)
{
    public async Task<Result<HistoryPage>> ExecuteAsync(HistoryScope scope, string key, long afterSeq, int limit, ReadScope readScope, CancellationToken ct)
    {
        limit = Math.Clamp(limit, 1, LedgerQuery.MaxLimit);
        string title;
        ArgumentNullException.ThrowIfNull(readScope);
        IQueryable<LedgerEntry> entries = db.Ledger.AsNoTracking();
        var readable = await access.ReadableLedgerSubjectsAsync(readScope, ct);
        if (readable is not null) entries = entries.Where(e => readable.Contains(e.Subject));
        switch (scope)
        {
            case HistoryScope.System:
                {
                    var system = await db.Systems.AsNoTracking().Where(s => s.Id == key || s.Slug == key).Select(s => new { s.Id, s.Name }).FirstOrDefaultAsync(ct);
                    // A deleted system is still addressable by its id: its history outlives it.
                    var subject = $"system:{system?.Id ?? key}";
                    if ((system is null && !await db.Ledger.AnyAsync(e => e.Subject == subject, ct)) || !readScope.Includes(system?.Id ?? key)) return Result<HistoryPage>.NotFound($"No AI system '{key}'.");
                    title = system?.Name ?? subject;
                    entries = entries.Where(e => e.Subject == subject);
                    break;
                }
            case HistoryScope.Dataset:
                {
                    var dataset = await db.Datasets.AsNoTracking().Where(d => d.Id == key || d.Slug == key).Select(d => new { d.Id, d.Name }).FirstOrDefaultAsync(ct);
                    if (dataset is null || !await access.CanReadDatasetAsync(readScope, dataset.Id, ct)) return Result<HistoryPage>.NotFound($"No dataset '{key}'.");
                    title = dataset.Name;
                    var subject = $"dataset:{dataset.Id}";
                    entries = entries.Where(e => e.Subject == subject);
                    break;
                }
            case HistoryScope.Subject:
                if (readable is not null && !readable.Contains(key)) return Result<HistoryPage>.NotFound($"No ledger subject '{key}'.");
                title = key;
                entries = entries.Where(e => e.Subject == key);
                break;
            default:
                title = (await HistoryNames.ActorsAsync(db, [key], ct))[key];
                entries = entries.Where(e => e.Actor == key);
                break;
        }
        var page = await entries.Where(e => e.Seq > afterSeq).OrderBy(e => e.Seq).Take(limit + 1).ToListAsync(ct);
        var items = await new HistoryNames(db, phrases, monitor).DescribeAsync(page.Take(limit).ToList(), ct);
        return Result<HistoryPage>.Ok(new HistoryPage(title, SnakeCase.FromEnum(scope), key, items, page.Count > limit ? items[^1].Seq : null));
    }
}

/// <summary>The most recent ledger entries the caller may read, newest first, worded for people (the ledger page).</summary>
public sealed class GetRecentHistory(AttestDbContext db, HistoryPhraseBook phrases, LedgerIntegrityMonitor monitor, Access access)
{
    public async Task<IReadOnlyList<HistoryItem>> ExecuteAsync(int limit, ReadScope scope, CancellationToken ct)
    {
        IQueryable<LedgerEntry> entries = db.Ledger.AsNoTracking();
        if (await access.ReadableLedgerSubjectsAsync(scope, ct) is { } readable) entries = entries.Where(e => readable.Contains(e.Subject));
        var page = await entries.OrderByDescending(e => e.Seq).Take(Math.Clamp(limit, 1, LedgerQuery.MaxLimit)).ToListAsync(ct);
        return await new HistoryNames(db, phrases, monitor).DescribeAsync(page, ct);
    }
}

/// <summary>Resolves actor ids and subjects to names and words entries.</summary>
internal sealed class HistoryNames(AttestDbContext db, HistoryPhraseBook phrases, LedgerIntegrityMonitor monitor)
{
    public async Task<IReadOnlyList<HistoryItem>> DescribeAsync(IReadOnlyList<LedgerEntry> entries, CancellationToken ct)
    {
        var problems = await LedgerEntryCheck.CheckAsync(db, entries, monitor, ct);
        var actors = await ActorsAsync(db, entries.Select(e => e.Actor).Distinct().ToList(), ct);
        var subjects = await SubjectsAsync(entries.Select(e => e.Subject).Distinct().ToList(), ct);
        return entries.Select(e =>
        {
            var payload = LedgerEntryCheck.PayloadNode(e);
            var subject = subjects.GetValueOrDefault(e.Subject) ?? SubjectFromPayload(payload) ?? e.Subject;
            var summary = phrases.Describe(e.Action, payload, subject);
            var when = e.Time.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC";
            return new HistoryItem(e.Seq, LedgerHashing.FormatTime(e.Time), e.Actor, actors[e.Actor], e.Action, e.Subject, subject, summary,
                $"{actors[e.Actor]} {summary} at {when}", e.Hash, problems.GetValueOrDefault(e.Seq));
        }).ToList();
    }

    /// <summary>
    /// "local:dana" → "Dana Kim (local CLI)" (or "dana (local CLI)" without such a user); "user:dana" → the
    /// user's display name; "key:&lt;id&gt;" → "name (API key)"; "system:attest" → "Attest"; anything else as it is.
    /// </summary>
    /// <summary>Actor ids as people read them ("user:lena.fischer" → "Lena Fischer (AI governance lead)").</summary>
    public static async Task<Dictionary<string, string>> ActorsAsync(AttestDbContext db, IReadOnlyList<string> ids, CancellationToken ct)
    {
        var bare = ids.Select(Bare).Distinct().ToList();
        var users = await db.Users.AsNoTracking().Where(u => bare.Contains(u.Id) || bare.Contains(u.UserName)).Select(u => new { u.Id, u.UserName, u.DisplayName }).ToListAsync(ct);
        var keys = await db.ApiKeys.AsNoTracking().Where(k => bare.Contains(k.Id) || ids.Contains(k.Id)).Select(k => new { k.Id, k.Name }).ToListAsync(ct);
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var id in ids)
        {
            var b = Bare(id);
            var user = users.Find(u => u.Id == b || u.UserName == b)?.DisplayName;
            var key = keys.Find(k => k.Id == b || k.Id == id)?.Name;
            names[id] = id switch
            {
                _ when id == Actor.System.Id => Actor.System.DisplayName,
                _ when id == Actor.Anonymous.Id => Actor.Anonymous.DisplayName,
                _ when id.StartsWith("local:", StringComparison.Ordinal) => $"{user ?? b} (local CLI)",
                // The web host's stand-in administrator on a fresh install (loopback only, before the first user or key).
                _ when id.StartsWith("setup:", StringComparison.Ordinal) => "Setup administrator",
                _ when key is not null && user is null => $"{key} (API key)",
                _ => user ?? id,
            };
        }
        return names;
    }

    private static string Bare(string id) => id.IndexOf(':', StringComparison.Ordinal) is var i and >= 0 ? id[(i + 1)..] : id;

    private async Task<Dictionary<string, string>> SubjectsAsync(IReadOnlyList<string> subjects, CancellationToken ct)
    {
        var systemIds = subjects.Where(s => s.StartsWith("system:", StringComparison.Ordinal)).Select(s => s["system:".Length..]).ToList();
        var datasetIds = subjects.Where(s => s.StartsWith("dataset:", StringComparison.Ordinal)).Select(s => s["dataset:".Length..]).ToList();
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var s in await db.Systems.AsNoTracking().Where(s => systemIds.Contains(s.Id)).Select(s => new { s.Id, s.Name }).ToListAsync(ct))
            names[$"system:{s.Id}"] = s.Name;
        foreach (var d in await db.Datasets.AsNoTracking().Where(d => datasetIds.Contains(d.Id)).Select(d => new { d.Id, d.Name }).ToListAsync(ct))
            names[$"dataset:{d.Id}"] = d.Name;
        foreach (var s in subjects.Where(s => s.StartsWith("ledger_key:", StringComparison.Ordinal)))
            names[s] = "ledger key " + s["ledger_key:".Length..];
        names[LedgerCheckpointsSubject.Instance.LedgerSubject] = "the ledger";
        return names;
    }

    // A subject that no longer exists (a deleted system) is named from what the entry recorded about it.
    private static string? SubjectFromPayload(JsonNode? payload) =>
        (payload?["name"] ?? payload?["after"]?["name"] ?? payload?["before"]?["name"]) is JsonValue v && v.TryGetValue<string>(out var name) ? name : null;
}
