using Attest.Core.DataFiles;
using Attest.Engine.Classification;
using Attest.Engine.Gates;

namespace Attest.Core.Features.Gates;

/// <summary>Loads <c>reviews/policy.yaml</c> (attest.review-policy/v1): SLA and waiver limits for every tier; an organisation's file replaces the shipped one.</summary>
public static class ReviewPolicyLoader
{
    public const string Format = "attest.review-policy/v1";

    public static IReadOnlyDictionary<RiskTier, ReviewPolicy> LoadDefault(string? organisationDataDirectory = null)
    {
        var org = organisationDataDirectory is null ? null : Path.Combine(organisationDataDirectory, "reviews", "policy.yaml");
        var (path, display) = org is not null && File.Exists(org) ? (org, org) : (ShippedData.PathOf("reviews", "policy.yaml"), "data/reviews/policy.yaml");
        var errors = new List<DataError>();
        var result = Read(File.ReadAllText(path), display, errors);
        return errors.Count > 0 ? throw new DataFileException(errors) : result;
    }

    public static IReadOnlyDictionary<RiskTier, ReviewPolicy> Read(string text, string file, List<DataError> errors)
    {
        var b = new DataBinder(file, errors);
        var result = new Dictionary<RiskTier, ReviewPolicy>();
        if (b.AsMapping(DataDocument.Parse(text, file, errors), "") is not { } root)
            return result;
        b.RejectUnknownKeys(root, "", ["format", "tiers"]);
        if (b.String(root, "format", "", required: true) is { } format && format != Format)
            b.Error(DataBinder.LineOf(root, "format"), "format", $"expected {Format}, got \"{format}\"");
        if (b.AsMapping(root["tiers"], "tiers") is not { } tiers)
            return result;
        foreach (var entry in tiers.Entries)
        {
            var path = "tiers." + entry.Key;
            if (!WireName.TryParse<RiskTier>(entry.Key, out var tier))
            {
                b.Error(entry.Line, path, $"unknown tier; expected one of {string.Join(", ", WireName.All<RiskTier>())}");
                continue;
            }
            if (b.AsMapping(entry.Value, path) is not { } m)
                continue;
            b.RejectUnknownKeys(m, path, ["review_sla_business_days", "waiver_max_days"]);
            var sla = b.WholeNumber(m, "review_sla_business_days", path, 1, 260, required: true);
            var max = b.WholeNumber(m, "waiver_max_days", path, 1, 1096, required: true);
            if (sla is not null && max is not null)
                result[tier] = new ReviewPolicy(tier, (int)sla, (int)max);
        }
        foreach (var tier in Enum.GetValues<RiskTier>().Where(t => !result.ContainsKey(t)))
        {
            if (!errors.Any(e => e.Path.StartsWith("tiers." + WireName.Of(tier), StringComparison.Ordinal)))
                b.Error(tiers.Line, "tiers", $"no policy for tier {WireName.Of(tier)}");
        }
        return result;
    }
}
