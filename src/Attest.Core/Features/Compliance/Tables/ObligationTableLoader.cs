using Attest.Core.DataFiles;
using Attest.Engine.Classification;

namespace Attest.Core.Features.Compliance.Tables;

/// <summary>
/// Loads the obligations per situation and role (data/eu-ai-act/obligations.yaml, format attest.obligations/v1) into the
/// Engine's <see cref="ObligationTable"/>. Every problem is reported with file, line and field; a bad file loads nothing.
/// Checked beyond the shape: known roles and milestones, every role in exactly one high-risk group, a condition only where
/// it means something (annex_iii_route and fria_required in high-risk groups, no_open_licence_relief under gpai), and no
/// article twice in a group.
/// </summary>
public static class ObligationTableLoader
{
    public const string Format = "attest.obligations/v1";

    public static string DefaultPath => ShippedData.PathOf("eu-ai-act", "obligations.yaml");

    public static ObligationTable LoadDefault() => Load(DefaultPath);

    public static ObligationTable Load(string path) => Read(File.ReadAllText(path), Path.GetFileName(path));

    public static ObligationTable Read(string text, string file)
    {
        var errors = new List<DataError>();
        var b = new DataBinder(file, errors);
        var table = b.AsMapping(DataDocument.Parse(text, file, errors), "") is { } m ? Read(b, m) : null;
        if (errors.Count > 0 || table is null)
            throw new DataFileException(errors.Count > 0 ? errors : [new DataError(file, null, "", "the file is empty")]);
        return table;
    }

    private static ObligationTable? Read(DataBinder b, DataMapping m)
    {
        b.RejectUnknownKeys(m, "", ["format", "regulation", "ai_literacy", "prohibited", "high_risk", "art_6_3_derogation", "transparency", "gpai", "gpai_systemic_risk"]);
        if (b.String(m, "format", "", required: true) is { } format && format != Format)
            b.Error(DataBinder.LineOf(m, "format"), "format", $"expected {Format}, got \"{format}\"");
        b.String(m, "regulation", "", required: true);

        ObligationGroup? Section(string key, bool withRoles, ObligationCondition[] conditions) =>
            b.AsMapping(m[key], key) is { } g ? Group(b, g, key, withRoles, withMilestone: true, conditions) : null;
        var aiLiteracy = Section("ai_literacy", withRoles: true, []);
        var prohibited = Section("prohibited", withRoles: true, []);
        var derogation = Section("art_6_3_derogation", withRoles: true, []);
        var gpai = Section("gpai", withRoles: false, [ObligationCondition.NoOpenLicenceRelief]);
        var systemic = Section("gpai_systemic_risk", withRoles: false, []);

        var highRisk = new List<ObligationGroup>();
        var seen = new Dictionary<OperatorRole, string>();
        var errorsBeforeHighRisk = b.Errors.Count;
        b.List(m, "high_risk", "", (node, path) =>
        {
            if (b.AsMapping(node, path) is not { } g)
                return (object?)null;
            if (Group(b, g, path, withRoles: true, withMilestone: false, [ObligationCondition.AnnexIiiRoute, ObligationCondition.FriaRequired]) is { } group)
            {
                foreach (var role in group.Roles)
                {
                    if (seen.TryGetValue(role, out var first))
                        b.Error(DataBinder.LineOf(g, "roles"), path + ".roles", $"{WireName.Of(role)} is already in {first}");
                    else
                        seen[role] = path;
                }
                highRisk.Add(group);
            }
            return null;
        }, required: true);
        var unlisted = Enum.GetValues<OperatorRole>().Where(r => !seen.ContainsKey(r)).Select(WireName.Of).ToArray();
        // A group with a broken entry is dropped; its roles would be reported again as missing, so that waits for the fix.
        if (m["high_risk"] is DataSequence && unlisted.Length > 0 && b.Errors.Count == errorsBeforeHighRisk)
            b.Error(DataBinder.LineOf(m, "high_risk"), "high_risk", $"every role needs a group; missing: {string.Join(", ", unlisted)}");

        IReadOnlySet<OperatorRole>? providerRoles = null, deployerRoles = null;
        if (b.AsMapping(m["transparency"], "transparency") is { } t)
        {
            b.RejectUnknownKeys(t, "transparency", ["provider", "deployer"]);
            providerRoles = Roles(b, t, "provider", "transparency");
            deployerRoles = Roles(b, t, "deployer", "transparency");
        }

        if (aiLiteracy is null || prohibited is null || derogation is null || gpai is null || systemic is null || providerRoles is null || deployerRoles is null)
            return null;
        return new ObligationTable
        {
            AiLiteracy = aiLiteracy,
            Prohibited = prohibited,
            HighRisk = highRisk,
            Art63Derogation = derogation,
            TransparencyProviderRoles = providerRoles,
            TransparencyDeployerRoles = deployerRoles,
            Gpai = gpai,
            GpaiSystemicRisk = systemic,
        };
    }

    /// <summary>One group: its roles (all roles when it has none), milestone (none: the high-risk route's) and obligations.</summary>
    private static ObligationGroup? Group(DataBinder b, DataMapping g, string path, bool withRoles, bool withMilestone, ObligationCondition[] conditions)
    {
        var allowed = new List<string> { "obligations" };
        if (withRoles) allowed.Add("roles");
        if (withMilestone) allowed.Add("milestone");
        b.RejectUnknownKeys(g, path, allowed);

        CalendarMilestone? milestone = withMilestone ? b.Enum<CalendarMilestone>(g, "milestone", path, required: true) : null;
        var roles = withRoles ? Roles(b, g, "roles", path) : Enum.GetValues<OperatorRole>().ToHashSet();
        var obligations = b.List(g, "obligations", path, (node, itemPath) =>
        {
            if (b.AsMapping(node, itemPath) is not { } o)
                return null;
            b.RejectUnknownKeys(o, itemPath, ["article", "title", "when"]);
            var article = b.String(o, "article", itemPath, required: true);
            if (article is not null && !article.StartsWith("Art ", StringComparison.Ordinal))
                b.Error(DataBinder.LineOf(o, "article"), itemPath + ".article", $"expected an article such as \"Art 9\" or \"Art 53(1)(a)\", got \"{article}\"");
            var title = b.String(o, "title", itemPath, required: true);
            var when = b.Enum<ObligationCondition>(o, "when", itemPath) ?? ObligationCondition.Always;
            if (when != ObligationCondition.Always && !conditions.Contains(when))
                b.Error(DataBinder.LineOf(o, "when"), itemPath + ".when", conditions.Length == 0
                    ? "no condition applies here; every obligation of this group applies"
                    : $"expected one of {string.Join(", ", conditions.Select(WireName.Of))}, got \"{WireName.Of(when)}\"");
            return article is null || title is null ? null : new ObligationEntry(article, title, when);
        }, required: true);
        if (g["obligations"] is DataSequence items && items.Items.Count == 0)
            b.Error(items, path + ".obligations", "a group without obligations; remove it or list them");
        foreach (var duplicate in obligations.GroupBy(o => o.Article).Where(d => d.Count() > 1))
            b.Error(DataBinder.LineOf(g, "obligations"), path + ".obligations", $"{duplicate.Key} is listed more than once");
        if (roles is null || (withMilestone && milestone is null))
            return null;
        return new ObligationGroup(roles, obligations, milestone);
    }

    private static HashSet<OperatorRole>? Roles(DataBinder b, DataMapping m, string key, string path)
    {
        var before = b.Errors.Count;
        var roles = b.EnumList<OperatorRole>(m, key, path);
        if (m[key] is null)
            b.Error(m.Line, DataBinder.Join(path, key), "required key is missing");
        else if (roles.Count == 0 && b.Errors.Count == before)
            b.Error(m[key]!, DataBinder.Join(path, key), $"list at least one role: {string.Join(", ", WireName.All<OperatorRole>())}");
        return b.Errors.Count > before ? null : roles.ToHashSet();
    }
}
