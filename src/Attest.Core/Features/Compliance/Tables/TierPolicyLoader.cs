using Attest.Core.DataFiles;
using Attest.Engine.Classification;

namespace Attest.Core.Features.Compliance.Tables;

/// <summary>
/// Loads Attest's internal tier policy (data/intake/tier-policy-v1.yaml, format attest.tier-policy/v1) into the Engine's
/// <see cref="TierPolicy"/>: a floor for every EU AI Act class, floors for GPAI statuses, and the raising factors in order.
/// Every problem is reported with file, line and field; a bad file loads nothing.
/// </summary>
public static class TierPolicyLoader
{
    public const string Format = "attest.tier-policy/v1";

    public static string DefaultPath => ShippedData.PathOf("intake", "tier-policy-v1.yaml");

    public static TierPolicy LoadDefault() => Load(DefaultPath);

    public static TierPolicy Load(string path) => Read(File.ReadAllText(path), Path.GetFileName(path));

    public static TierPolicy Read(string text, string file)
    {
        var errors = new List<DataError>();
        var b = new DataBinder(file, errors);
        var policy = b.AsMapping(DataDocument.Parse(text, file, errors), "") is { } m ? Read(b, m) : null;
        if (errors.Count > 0 || policy is null)
            throw new DataFileException(errors.Count > 0 ? errors : [new DataError(file, null, "", "the file is empty")]);
        return policy;
    }

    private static TierPolicy? Read(DataBinder b, DataMapping m)
    {
        b.RejectUnknownKeys(m, "", ["format", "class_floors", "gpai_floors", "raises"]);
        if (b.String(m, "format", "", required: true) is { } format && format != Format)
            b.Error(DataBinder.LineOf(m, "format"), "format", $"expected {Format}, got \"{format}\"");

        // Every class of the Regulation needs a floor; "incomplete" is not a class and has no tier.
        var classes = Enum.GetValues<EuAiActClass>().Where(c => c != EuAiActClass.Incomplete).ToArray();
        var classFloors = Floors(b, m, "class_floors", classes, required: true);
        var gpaiFloors = Floors(b, m, "gpai_floors", Enum.GetValues<GpaiStatus>(), required: false);

        var raises = b.List(m, "raises", "", (node, path) =>
        {
            if (b.AsMapping(node, path) is not { } r)
                return null;
            b.RejectUnknownKeys(r, path, ["factor", "when"]);
            var factor = b.String(r, "factor", path, required: true);
            var whenPath = path + ".when";
            if (b.AsMapping(r["when"], whenPath) is not { } when)
                return null;
            b.RejectUnknownKeys(when, whenPath, ["autonomy", "personal_data", "deployment", "affected_people_at_least"]);
            if (when.Entries.Count == 0)
                b.Error(when, whenPath, "an empty condition would raise every system; name at least one condition");
            var raise = new TierRaise(factor ?? "")
            {
                Autonomy = Set<Autonomy>(b, when, "autonomy", whenPath),
                PersonalData = Set<PersonalDataKind>(b, when, "personal_data", whenPath),
                Deployment = Set<Deployment>(b, when, "deployment", whenPath),
                AffectedPeopleAtLeast = b.WholeNumber(when, "affected_people_at_least", whenPath, 1, long.MaxValue / 2),
            };
            return factor is null ? null : raise;
        }, required: true);

        return classFloors is null || gpaiFloors is null ? null : new TierPolicy(classFloors, gpaiFloors, raises);
    }

    private static Dictionary<TEnum, TierFloor>? Floors<TEnum>(DataBinder b, DataMapping m, string key, IReadOnlyList<TEnum> values, bool required)
        where TEnum : struct, Enum
    {
        var floors = new Dictionary<TEnum, TierFloor>();
        if (b.AsMapping(m[key], key, optional: !required) is not { } mapping)
            return required ? null : floors;
        b.RejectUnknownKeys(mapping, key, values.Select(WireName.Of).ToArray());
        foreach (var value in values)
        {
            var name = WireName.Of(value);
            var path = key + "." + name;
            if (mapping[name] is null)
            {
                if (required)
                    b.Error(mapping.Line, path, "required floor is missing");
                continue;
            }
            if (b.AsMapping(mapping[name], path) is not { } floor)
                continue;
            b.RejectUnknownKeys(floor, path, ["tier", "factor"]);
            var tier = b.Enum<RiskTier>(floor, "tier", path, required: true);
            var factor = b.String(floor, "factor", path);
            if (tier is { } t)
                floors[value] = new TierFloor(t, factor);
        }
        return floors;
    }

    private static HashSet<TEnum>? Set<TEnum>(DataBinder b, DataMapping when, string key, string path) where TEnum : struct, Enum
    {
        if (when[key] is null)
            return null;
        var values = b.EnumList<TEnum>(when, key, path);
        if (values.Count == 0 && when[key] is DataSequence)
            b.Error(when[key]!, DataBinder.Join(path, key), "an empty list never matches");
        return values.ToHashSet();
    }
}
