using Attest.Core.DataFiles;
using Attest.Engine.Intake;

namespace Attest.Core.Features.Compliance.Intake;

/// <summary>Loads the review routing rules (data/intake/routing-v1.yaml): which specialist reviews which systems.</summary>
public static class ReviewRoutingRules
{
    /// <summary>The specialist reviews Attest knows.</summary>
    public static readonly string[] Reviewers = ["privacy", "security", "legal", "fairness", "safety"];

    public static string DefaultPath => ShippedData.PathOf("intake", "routing-v1.yaml");

    public static IReadOnlyList<RoutingRule> LoadDefault() => Load(DefaultPath);

    public static IReadOnlyList<RoutingRule> Load(string path)
    {
        var file = Path.GetFileName(path);
        var errors = new List<DataError>();
        var b = new DataBinder(file, errors);
        var rules = new List<RoutingRule>();
        if (b.AsMapping(DataDocument.Parse(File.ReadAllText(path), file, errors), "") is { } m)
        {
            b.RejectUnknownKeys(m, "", ["format", "rules"]);
            if (b.String(m, "format", "", required: true) is { } format && format != "attest.routing/v1")
                b.Error(DataBinder.LineOf(m, "format"), "format", $"expected attest.routing/v1, got \"{format}\"");
            b.List(m, "rules", "", (node, path) =>
            {
                if (b.AsMapping(node, path) is not { } r)
                    return null;
                b.RejectUnknownKeys(r, path, ["reviewer", "reason", "when"]);
                var reviewer = b.String(r, "reviewer", path, required: true);
                if (reviewer is not null && !Reviewers.Contains(reviewer))
                    b.Error(DataBinder.LineOf(r, "reviewer"), path + ".reviewer", $"expected one of {string.Join(", ", Reviewers)}, got \"{reviewer}\"");
                var reason = b.String(r, "reason", path, required: true);
                if (r["when"] is null)
                    b.Error(r.Line, path + ".when", "required key is missing");
                var when = ApplicabilityReader.Read(b, r, "when", path);
                if (reviewer is not null && reason is not null)
                    rules.Add(new RoutingRule(reviewer, reason, when));
                return (object?)null;
            }, required: true);
        }
        if (errors.Count > 0)
            throw new DataFileException(errors);
        return rules;
    }
}
