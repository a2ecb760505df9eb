using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Attest.Core.Data;
using Attest.Core.Features.Evidence;
using Attest.Core.Features.RedTeam;
using Attest.Engine.Gates;
using Attest.Engine.Kpis;
using Attest.Engine.RedTeam;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Kpis;

/// <summary>
/// The issues pre-release checks found, read from the evaluation and red-team reports stored as evidence: each rule a
/// fairness report's policy marked <c>fail</c>, and each OWASP category of a red-team report with unsafe answers, dated
/// when the evidence was recorded. Retired evidence still counts (the issue was found). A file that is not an Attest
/// report measures nothing. Stored files are content-addressed and never change, so what a file holds is read once per
/// process (by SHA-256). No-go decisions, the third kind of near miss, come from the decisions themselves
/// (<see cref="KpiCalculator.NearMisses"/>).
/// </summary>
internal static class PreLaunchFindings
{
    public const string FairnessReportType = "fairness_report";

    /// <summary>What each stored file found, by SHA-256 (the content never changes); bounded so a huge store cannot grow it without end.</summary>
    private static readonly ConcurrentDictionary<string, (string Source, string Key, string Detail)[]> ByContent = new(StringComparer.Ordinal);
    private const int CacheLimit = 200_000;

    /// <summary>The findings of each system among <paramref name="ids"/> (null: every system), oldest first.</summary>
    public static async Task<Dictionary<string, KpiFinding[]>> ReadAsync(AttestDbContext db, BlobStore blobs, IReadOnlyCollection<string>? ids, CancellationToken ct)
    {
        var query = db.Evidence.AsNoTracking().Where(e => e.Type == FairnessReportType || e.Type == RedTeamReport.EvidenceType);
        if (ids is not null)
            query = query.Where(e => ids.Contains(e.SystemId));
        var reports = await query.Select(e => new { e.Id, e.SystemId, e.Type, e.Sha256, e.SizeBytes, e.CreatedAt }).ToListAsync(ct);
        var result = new Dictionary<string, List<KpiFinding>>(StringComparer.Ordinal);
        foreach (var r in reports)
        {
            foreach (var (source, key, detail) in await FoundInAsync(blobs, r.Type, r.Sha256, r.SizeBytes, ct))
            {
                if (!result.TryGetValue(r.SystemId, out var list))
                    result[r.SystemId] = list = [];
                list.Add(new KpiFinding(source, r.Id + "#" + key, detail, r.CreatedAt));
            }
        }
        return result.ToDictionary(p => p.Key, p => p.Value.OrderBy(f => f.FoundAt).ThenBy(f => f.Reference, StringComparer.Ordinal).ToArray(), StringComparer.Ordinal);
    }

    private static async Task<(string Source, string Key, string Detail)[]> FoundInAsync(BlobStore blobs, string type, string sha256, long size, CancellationToken ct)
    {
        if (ByContent.TryGetValue(type + ":" + sha256, out var known))
            return known;
        if (size > Evaluation.GetEvaluationReport.MaxReportBytes || !blobs.Exists(sha256))
            return [];
        string text;
        await using (var stream = blobs.OpenRead(sha256))
        using (var reader = new StreamReader(stream))
            text = await reader.ReadToEndAsync(ct);
        var found = type == RedTeamReport.EvidenceType ? RedTeamFailures(text) : FailedRules(text);
        if (ByContent.Count < CacheLimit)
            ByContent[type + ":" + sha256] = found;
        return found;
    }

    /// <summary>Each OWASP category of an Attest red-team report with at least one unsafe answer.</summary>
    internal static (string Source, string Key, string Detail)[] RedTeamFailures(string json)
    {
        try
        {
            return [.. RedTeamReportJson.Measurements(json).Where(m => m.Owasp != RedTeamGateRule.AllCategories && m.Unsafe > 0)
                .Select(m => (KpiFinding.RedTeam, m.Owasp, $"red team {OwaspLlm.Label(m.Owasp)}: {m.Unsafe} of {m.Graded} answers unsafe"))];
        }
        catch (FormatException)
        {
            return [];
        }
    }

    /// <summary>Each rule the policy of an <c>attest evaluate fairness --format json</c> report marked <c>fail</c>.</summary>
    internal static (string Source, string Key, string Detail)[] FailedRules(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("kind", out var kind) || kind.ValueKind != JsonValueKind.String || kind.GetString() != "fairness"
                || !root.TryGetProperty("policy", out var policy) || policy.ValueKind != JsonValueKind.Object
                || !policy.TryGetProperty("rules", out var rules) || rules.ValueKind != JsonValueKind.Array)
                return [];
            var found = new List<(string, string, string)>();
            foreach (var rule in rules.EnumerateArray())
            {
                if (rule.ValueKind != JsonValueKind.Object || Text(rule, "status") != "fail" || Text(rule, "id") is not { } id)
                    continue;
                var value = rule.TryGetProperty("value", out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble().ToString("0.###", CultureInfo.InvariantCulture) : "—";
                var threshold = rule.TryGetProperty("threshold", out var t) && t.ValueKind == JsonValueKind.Number ? t.GetDouble().ToString("0.###", CultureInfo.InvariantCulture) : "?";
                found.Add((KpiFinding.EvaluationRule, id,
                    $"evaluation rule {id} unmet: {Text(rule, "metric")} of {Text(rule, "target")} {value}, required {Text(rule, "comparator")} {threshold}"));
            }
            return [.. found];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    private static string? Text(JsonElement e, string name) => e.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
}
