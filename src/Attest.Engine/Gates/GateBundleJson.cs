using System.Globalization;
using System.Text.Json.Nodes;
using Attest.Engine.Classification;
using Attest.Engine.Controls;
using Attest.Engine.Evaluation.Policy;
using Attest.Engine.Evaluation.Uncertainty;
using Attest.Engine.Ledger;

namespace Attest.Engine.Gates;

/// <summary>
/// The JSON form of a <see cref="GateBundle"/> (snake_case, the wire names of docs/gates.md; dates <c>yyyy-MM-dd</c>,
/// times UTC ISO 8601; non-finite numbers as the strings <c>NaN</c>, <c>Infinity</c>, <c>-Infinity</c>, which
/// canonical JSON cannot hold). <see cref="ToJson"/> and <see cref="FromJson"/> are inverse; a malformed document
/// fails with a <see cref="FormatException"/> naming the JSON path.
/// </summary>
public static class GateBundleJson
{
    public static JsonObject ToJson(GateBundle bundle)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        var f = bundle.Facts;
        var document = new JsonObject
        {
            ["format"] = GateBundle.Format,
            ["attest_version"] = bundle.AttestVersion,
            ["exported_at"] = LedgerHashing.FormatTime(bundle.ExportedAt),
            ["system"] = new JsonObject { ["id"] = bundle.SystemId, ["slug"] = bundle.SystemSlug },
            ["model_version"] = bundle.ModelVersion is { } mv ? new JsonObject { ["id"] = mv.Id, ["version"] = mv.Version, ["label"] = mv.Label } : null,
            ["tier"] = WireName.Of(bundle.Tier),
            ["gates"] = Array(bundle.Gates.Select(GateToJson)),
            ["facts"] = new JsonObject
            {
                ["current_model_version_id"] = f.CurrentModelVersionId,
                ["controls"] = Array(f.Controls.Select(c => new JsonObject
                {
                    ["control_id"] = c.ControlId,
                    ["title"] = c.Title,
                    ["recorded_status"] = WireName.Of(c.RecordedStatus),
                    ["frameworks"] = Strings(c.Frameworks),
                    ["evidence_types"] = Strings(c.EvidenceTypes),
                    ["renewal_months"] = c.RenewalMonths,
                })),
                ["evidence"] = Array(f.Evidence.Select(e => new JsonObject
                {
                    ["id"] = e.Id,
                    ["type"] = e.Type,
                    ["controls"] = Strings(e.Controls),
                    ["model_version_ids"] = Strings(e.ModelVersionIds),
                    ["produced_at"] = LedgerHashing.FormatTime(e.ProducedAt),
                    ["valid_until"] = Day(e.ValidUntil),
                    ["sha256"] = e.Sha256,
                })),
                ["evaluations"] = Array(f.Evaluations.Select(e => new JsonObject
                {
                    ["evidence_id"] = e.EvidenceId,
                    ["produced_at"] = LedgerHashing.FormatTime(e.ProducedAt),
                    ["valid_until"] = Day(e.ValidUntil),
                    ["measurements"] = Array(e.Measurements.Select(MeasurementToJson)),
                })),
                ["required_sign_offs"] = Array(f.RequiredSignOffs.Select(r => new JsonObject { ["specialty"] = r.Specialty, ["reason"] = r.Reason })),
                ["sign_offs"] = new JsonObject(f.SignOffs.OrderBy(p => p.Key).Select(p => KeyValuePair.Create(WireName.Of(p.Key),
                    (JsonNode?)Array(p.Value.Select(s => new JsonObject { ["specialty"] = s.Specialty, ["decision"] = WireName.Of(s.Decision), ["by"] = s.By }))))),
                ["waivers"] = Array(f.Waivers.Select(w => new JsonObject
                {
                    ["id"] = w.WaiverId,
                    ["control_id"] = w.ControlId,
                    ["state"] = WireName.Of(w.State),
                    ["expires_on"] = Day(w.ExpiresOn),
                })),
                ["risks"] = Array(f.Risks.Select(r => new JsonObject
                {
                    ["id"] = r.RiskId,
                    ["title"] = r.Title,
                    ["severity"] = WireName.Of(r.Severity),
                    ["treatment"] = WireName.Of(r.Treatment),
                    ["control_id"] = r.ControlId,
                })),
                ["incidents"] = Array(f.Incidents.Select(i => new JsonObject
                {
                    ["id"] = i.IncidentId,
                    ["title"] = i.Title,
                    ["severity"] = WireName.Of(i.Severity),
                    ["open"] = i.Open,
                })),
            },
        };
        if (f.RedTeamReports.Count > 0)
        {
            document["facts"]!["red_team_reports"] = Array(f.RedTeamReports.Select(e => new JsonObject
            {
                ["evidence_id"] = e.EvidenceId,
                ["produced_at"] = LedgerHashing.FormatTime(e.ProducedAt),
                ["valid_until"] = Day(e.ValidUntil),
                ["measurements"] = Array(e.Measurements.Select(m => new JsonObject { ["owasp"] = m.Owasp, ["graded"] = m.Graded, ["unsafe"] = m.Unsafe })),
            }));
        }
        return document;
    }

    /// <summary>Reads a bundle document (the <c>integrity</c> member, if any, is ignored here).</summary>
    public static GateBundle FromJson(JsonObject document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var r = new Reader();
        var format = r.Str(document, "format", "");
        if (format != GateBundle.Format)
            throw new FormatException($"format: expected \"{GateBundle.Format}\", got \"{format}\"");
        var system = r.Obj(document, "system", "");
        var mv = r.OptObj(document, "model_version", "");
        var tier = r.Enum<RiskTier>(document, "tier", "");
        var facts = r.Obj(document, "facts", "");
        var signOffs = new Dictionary<GateStage, IReadOnlyList<SignOffFact>>();
        foreach (var (stageName, list) in r.Obj(facts, "sign_offs", "facts"))
        {
            var path = $"facts.sign_offs.{stageName}";
            if (!WireName.TryParse<GateStage>(stageName, out var stage))
                throw new FormatException($"{path}: unknown stage \"{stageName}\"");
            signOffs[stage] = r.Items(list, path, (o, p) => new SignOffFact(r.Str(o, "specialty", p), r.Enum<SignOffDecision>(o, "decision", p), r.Str(o, "by", p)));
        }
        return new GateBundle
        {
            AttestVersion = r.Str(document, "attest_version", ""),
            ExportedAt = r.Time(document, "exported_at", ""),
            SystemId = r.Str(system, "id", "system"),
            SystemSlug = r.Str(system, "slug", "system"),
            ModelVersion = mv is null ? null : new BundleModelVersion(r.Str(mv, "id", "model_version"), r.Str(mv, "version", "model_version"), r.Str(mv, "label", "model_version")),
            Tier = tier,
            Gates = r.Items(document["gates"], "gates", (o, p) => GateFromJson(r, o, p)),
            Facts = new GateSnapshot
            {
                System = r.Str(system, "slug", "system"),
                ModelVersion = mv is null ? null : r.Str(mv, "label", "model_version"),
                CurrentModelVersionId = r.OptStr(facts, "current_model_version_id", "facts"),
                Controls = r.Items(facts["controls"], "facts.controls", (o, p) => new SnapshotControl(r.Str(o, "control_id", p), r.Str(o, "title", p),
                    r.Enum<ControlStatus>(o, "recorded_status", p), r.Strs(o, "frameworks", p), r.Strs(o, "evidence_types", p), (int)r.Long(o, "renewal_months", p))),
                Evidence = r.Items(facts["evidence"], "facts.evidence", (o, p) => new SnapshotEvidence(r.Str(o, "id", p), r.Str(o, "type", p),
                    r.Strs(o, "controls", p), r.Strs(o, "model_version_ids", p), r.Time(o, "produced_at", p), r.Date(o, "valid_until", p), r.OptStr(o, "sha256", p))),
                Evaluations = r.Items(facts["evaluations"], "facts.evaluations", (o, p) => new SnapshotEvaluation(r.Str(o, "evidence_id", p), r.Time(o, "produced_at", p),
                    r.Date(o, "valid_until", p), r.Items(o["measurements"], p + ".measurements", (m, mp) => MeasurementFromJson(r, m, mp)))),
                RedTeamReports = facts["red_team_reports"] is null ? [] : r.Items(facts["red_team_reports"], "facts.red_team_reports", (o, p) =>
                {
                    var id = r.Str(o, "evidence_id", p);
                    return new SnapshotRedTeamReport(id, r.Time(o, "produced_at", p), r.Date(o, "valid_until", p),
                        r.Items(o["measurements"], p + ".measurements", (m, mp) => new RedTeamMeasurement(r.Str(m, "owasp", mp), r.Long(m, "graded", mp), r.Long(m, "unsafe", mp), id)));
                }),
                RequiredSignOffs = r.Items(facts["required_sign_offs"], "facts.required_sign_offs", (o, p) => new RequiredSignOff(r.Str(o, "specialty", p), r.Str(o, "reason", p))),
                SignOffs = signOffs,
                Waivers = r.Items(facts["waivers"], "facts.waivers", (o, p) => new WaiverFact(r.Str(o, "id", p), r.Str(o, "control_id", p),
                    r.Enum<WaiverState>(o, "state", p), r.Date(o, "expires_on", p))),
                Risks = r.Items(facts["risks"], "facts.risks", (o, p) => new RiskFact(r.Str(o, "id", p), r.Str(o, "title", p),
                    r.Enum<RiskSeverity>(o, "severity", p), r.Enum<RiskTreatment>(o, "treatment", p), r.OptStr(o, "control_id", p))),
                Incidents = r.Items(facts["incidents"], "facts.incidents", (o, p) => new IncidentFact(r.Str(o, "id", p), r.Str(o, "title", p),
                    r.Enum<IncidentSeverity>(o, "severity", p), r.Bool(o, "open", p))),
            },
        };
    }

    private static JsonObject GateToJson(GateDefinition g)
    {
        var json = GateToJsonWithoutRedTeam(g);
        if (g.RedTeamRules.Count > 0)
        {
            json["redteam"] = Array(g.RedTeamRules.Select(t => new JsonObject
            {
                ["id"] = t.Id,
                ["owasp"] = t.Owasp,
                ["max_failure_rate"] = Number(t.MaxFailureRate),
                ["judge"] = t.Judge == RedTeamJudgement.ConfidenceBound ? "ci" : "point",
                ["min_n"] = t.MinN,
                ["control"] = t.Control,
            }));
        }
        return json;
    }

    private static JsonObject GateToJsonWithoutRedTeam(GateDefinition g) => new()
    {
        ["stage"] = WireName.Of(g.Stage),
        ["tier"] = WireName.Of(g.Tier),
        ["source"] = g.Source,
        ["controls"] = g.Controls is { } c ? new JsonObject { ["evidence"] = WireName.Of(c.Evidence), ["only"] = c.Only is null ? null : Strings(c.Only) } : null,
        ["evaluation"] = Array(g.EvaluationRules.Select(e => new JsonObject
        {
            ["id"] = e.Rule.Id,
            ["metric"] = e.Rule.Metric,
            ["feature"] = e.Rule.Feature,
            ["group"] = e.Rule.Group,
            ["comparator"] = PolicyRule.Symbol(e.Rule.Comparator),
            ["threshold"] = Number(e.Rule.Threshold),
            ["judge"] = JudgeName(e.Rule.Judge),
            ["min_n"] = e.Rule.MinN,
            ["control"] = e.Control,
        })),
        ["sign_offs"] = g.SignOffs,
        ["risks_from"] = g.RisksFrom is { } risks ? WireName.Of(risks) : null,
        ["no_expired_waivers"] = g.NoExpiredWaivers,
        ["incidents_from"] = g.IncidentsFrom is { } incidents ? WireName.Of(incidents) : null,
    };

    private static GateDefinition GateFromJson(Reader r, JsonObject o, string path)
    {
        var controls = r.OptObj(o, "controls", path);
        return new GateDefinition
        {
            Stage = r.Enum<GateStage>(o, "stage", path),
            Tier = r.Enum<RiskTier>(o, "tier", path),
            Source = r.Str(o, "source", path),
            Controls = controls is null ? null : new ControlRequirement(r.Enum<EvidenceRule>(controls, "evidence", path + ".controls"),
                controls["only"] is null ? null : r.Strs(controls, "only", path + ".controls")),
            EvaluationRules = r.Items(o["evaluation"], path + ".evaluation", (e, p) => new GateEvaluationRule(new PolicyRule(
                r.Str(e, "id", p), r.Str(e, "metric", p), r.OptStr(e, "feature", p), r.OptStr(e, "group", p),
                ParseComparator(r.Str(e, "comparator", p), p), r.Num(e, "threshold", p), ParseJudge(r.Str(e, "judge", p), p), r.Long(e, "min_n", p)),
                r.OptStr(e, "control", p))),
            RedTeamRules = o["redteam"] is null ? [] : r.Items(o["redteam"], path + ".redteam", (t, p) => new RedTeamGateRule(r.Str(t, "id", p), r.Str(t, "owasp", p),
                r.Num(t, "max_failure_rate", p), r.Str(t, "judge", p) switch
                {
                    "point" => RedTeamJudgement.Point,
                    "ci" => RedTeamJudgement.ConfidenceBound,
                    var other => throw new FormatException($"{p}.judge: expected point or ci, got \"{other}\""),
                }, r.Long(t, "min_n", p), r.OptStr(t, "control", p))),
            SignOffs = r.Bool(o, "sign_offs", path),
            RisksFrom = r.OptStr(o, "risks_from", path) is null ? null : r.Enum<RiskSeverity>(o, "risks_from", path),
            NoExpiredWaivers = r.Bool(o, "no_expired_waivers", path),
            IncidentsFrom = r.OptStr(o, "incidents_from", path) is null ? null : r.Enum<IncidentSeverity>(o, "incidents_from", path),
        };
    }

    private static JsonObject MeasurementToJson(EvaluationMeasurement m) => new()
    {
        ["metric"] = m.Metric,
        ["feature"] = m.Feature,
        ["group"] = m.Group,
        ["value"] = Number(m.Value),
        ["n"] = m.N,
        ["ci"] = m.Interval is { } ci ? new JsonArray(Number(ci.Lower), Number(ci.Upper)) : null,
        ["evidence_id"] = m.EvidenceId,
    };

    private static EvaluationMeasurement MeasurementFromJson(Reader r, JsonObject o, string path)
    {
        Interval? interval = null;
        if (o["ci"] is JsonArray ci)
        {
            if (ci.Count != 2) throw new FormatException($"{path}.ci: expected [lower, upper]");
            interval = new Interval(Reader.Number(ci[0], path + ".ci[0]"), Reader.Number(ci[1], path + ".ci[1]"));
        }
        else if (o["ci"] is not null)
        {
            throw new FormatException($"{path}.ci: expected [lower, upper] or null");
        }
        return new EvaluationMeasurement(r.Str(o, "metric", path), r.OptStr(o, "feature", path), r.OptStr(o, "group", path),
            r.Num(o, "value", path), r.Long(o, "n", path), interval, r.OptStr(o, "evidence_id", path));
    }

    private static string JudgeName(PolicyJudgement judge) => judge switch
    {
        PolicyJudgement.Point => "point",
        PolicyJudgement.ConfidenceBound => "ci",
        PolicyJudgement.CiLower => "ci_lower",
        _ => "ci_upper",
    };

    private static PolicyJudgement ParseJudge(string text, string path) => text switch
    {
        "point" => PolicyJudgement.Point,
        "ci" => PolicyJudgement.ConfidenceBound,
        "ci_lower" => PolicyJudgement.CiLower,
        "ci_upper" => PolicyJudgement.CiUpper,
        _ => throw new FormatException($"{path}.judge: expected point, ci, ci_lower or ci_upper, got \"{text}\""),
    };

    private static PolicyComparator ParseComparator(string text, string path) => text switch
    {
        ">=" => PolicyComparator.GreaterOrEqual,
        ">" => PolicyComparator.Greater,
        "<=" => PolicyComparator.LessOrEqual,
        "<" => PolicyComparator.Less,
        _ => throw new FormatException($"{path}.comparator: expected >=, >, <= or <, got \"{text}\""),
    };

    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static JsonNode Number(double value) =>
        double.IsFinite(value) ? JsonValue.Create(value) : JsonValue.Create(value.ToString(CultureInfo.InvariantCulture))!;

    private static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode?)JsonValue.Create(v))]);

    private static JsonArray Array(IEnumerable<JsonObject> items) => new([.. items.Cast<JsonNode?>()]);

    /// <summary>Typed access to members, each failure naming its path.</summary>
    private sealed class Reader
    {
        public JsonObject Obj(JsonObject o, string key, string path) =>
            o[key] as JsonObject ?? throw new FormatException($"{Join(path, key)}: expected an object");

        public JsonObject? OptObj(JsonObject o, string key, string path) => o[key] switch
        {
            null => null,
            JsonObject obj => obj,
            _ => throw new FormatException($"{Join(path, key)}: expected an object or null"),
        };

        public string Str(JsonObject o, string key, string path) =>
            OptStr(o, key, path) ?? throw new FormatException($"{Join(path, key)}: missing");

        public string? OptStr(JsonObject o, string key, string path) => o[key] switch
        {
            null => null,
            JsonValue v when v.TryGetValue<string>(out var s) => s,
            _ => throw new FormatException($"{Join(path, key)}: expected a string"),
        };

        public IReadOnlyList<string> Strs(JsonObject o, string key, string path) =>
            Values(o[key], Join(path, key), (n, p) => n is JsonValue v && v.TryGetValue<string>(out var s) ? s : throw new FormatException($"{p}: expected a string"));

        public long Long(JsonObject o, string key, string path) =>
            o[key] is JsonValue v && (v.TryGetValue<long>(out var n) || (v.TryGetValue<int>(out var i) && (n = i) == i)) ? n : throw new FormatException($"{Join(path, key)}: expected an integer");

        public double Num(JsonObject o, string key, string path) => Number(o[key], Join(path, key));

        public static double Number(JsonNode? node, string path) => node switch
        {
            JsonValue v when v.TryGetValue<double>(out var d) => d,
            JsonValue v when v.TryGetValue<string>(out var s) && s is "NaN" or "Infinity" or "-Infinity" => double.Parse(s, CultureInfo.InvariantCulture),
            _ => throw new FormatException($"{path}: expected a number"),
        };

        public bool Bool(JsonObject o, string key, string path) =>
            o[key] is JsonValue v && v.TryGetValue<bool>(out var b) ? b : throw new FormatException($"{Join(path, key)}: expected true or false");

        public TEnum Enum<TEnum>(JsonObject o, string key, string path) where TEnum : struct, System.Enum
        {
            var text = Str(o, key, path);
            return WireName.TryParse<TEnum>(text, out var value) ? value
                : throw new FormatException($"{Join(path, key)}: expected one of {string.Join(", ", WireName.All<TEnum>())}, got \"{text}\"");
        }

        public DateOnly Date(JsonObject o, string key, string path)
        {
            var text = Str(o, key, path);
            return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d
                : throw new FormatException($"{Join(path, key)}: expected a date yyyy-MM-dd, got \"{text}\"");
        }

        public DateTimeOffset Time(JsonObject o, string key, string path)
        {
            var text = Str(o, key, path);
            return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t) ? t
                : throw new FormatException($"{Join(path, key)}: expected a UTC time, got \"{text}\"");
        }

        public IReadOnlyList<T> Items<T>(JsonNode? node, string path, Func<JsonObject, string, T> read) =>
            Values(node, path, (n, p) => read(n as JsonObject ?? throw new FormatException($"{p}: expected an object"), p));

        public IReadOnlyList<T> Values<T>(JsonNode? node, string path, Func<JsonNode?, string, T> read)
        {
            if (node is not JsonArray array) throw new FormatException($"{path}: expected an array");
            return array.Select((item, i) => read(item, $"{path}[{i}]")).ToArray();
        }

        private static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";
    }
}
