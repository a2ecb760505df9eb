using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Attest.Core.DataFiles;
using Attest.Engine.Classification;
using Attest.Engine.RedTeam;

namespace Attest.Core.Features.RedTeam;

/// <summary>
/// Loads probe suites (format <c>attest.probe-suite/v1</c>, YAML or JSON): the shipped ones under
/// <c>data/redteam/suites/</c> by name, or any file. Checks everything before a probe is sent — OWASP 2025 ids, MITRE
/// ATLAS technique ids, severities, expected behaviours, grader names, regular expressions, JSON schemas, duplicate probe
/// ids, templates without <c>{{payload}}</c> — and fails naming file, line and field.
/// </summary>
public static class ProbeSuiteLoader
{
    public const string PayloadPlaceholder = "{{payload}}";

    public static string SuitesDirectory => ShippedData.PathOf("redteam", "suites");

    /// <summary>The shipped suites' names (file names without extension), sorted.</summary>
    public static IReadOnlyList<string> ShippedNames() =>
        Directory.Exists(SuitesDirectory)
            ? Directory.EnumerateFiles(SuitesDirectory, "*.yaml").Select(Path.GetFileNameWithoutExtension).OfType<string>().Order(StringComparer.Ordinal).ToArray()
            : [];

    /// <summary>A suite by shipped name or file path. Throws <see cref="DataFileException"/> for a bad file, <see cref="FileNotFoundException"/> for neither.</summary>
    public static LoadedSuite Resolve(string nameOrFile)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(nameOrFile);
        if (File.Exists(nameOrFile)) return LoadFile(nameOrFile, nameOrFile);
        var shipped = Path.Combine(SuitesDirectory, nameOrFile + ".yaml");
        if (!nameOrFile.Contains('/') && !nameOrFile.Contains('\\') && File.Exists(shipped))
            return LoadFile(shipped, "data/redteam/suites/" + nameOrFile + ".yaml");
        throw new FileNotFoundException($"no shipped suite or file '{nameOrFile}'; shipped suites: {string.Join(", ", ShippedNames())}");
    }

    public static LoadedSuite LoadFile(string path, string display)
    {
        var bytes = File.ReadAllBytes(path);
        return Parse(System.Text.Encoding.UTF8.GetString(bytes), display, Convert.ToHexStringLower(SHA256.HashData(bytes)));
    }

    public static LoadedSuite Parse(string text, string file, string sha256 = "")
    {
        var errors = new List<DataError>();
        var suite = Read(text, file, sha256, errors, out var schemas);
        if (errors.Count > 0 || suite is null) throw new DataFileException(errors.Count > 0 ? errors : [new DataError(file, null, "", "empty suite")]);
        return new LoadedSuite(suite, schemas);
    }

    private static readonly Lazy<HashSet<string>> AtlasIds = new(() =>
    {
        var path = ShippedData.PathOf("redteam", "mitre-atlas-techniques.csv");
        return File.Exists(path)
            ? File.ReadLines(path).Skip(1).Select(l => l.Split(',')[0]).Where(id => id.Length > 0).ToHashSet(StringComparer.Ordinal)
            : [];
    });

    private static ProbeSuite? Read(string text, string file, string sha256, List<DataError> errors, out Dictionary<string, JsonSchemaCheck> schemas)
    {
        schemas = new Dictionary<string, JsonSchemaCheck>(StringComparer.Ordinal);
        var b = new DataBinder(file, errors);
        if (b.AsMapping(DataDocument.Parse(text, file, errors), "") is not { } root) return null;
        b.RejectUnknownKeys(root, "", ["format", "id", "title", "description", "origin", "licence", "system_prompt", "defaults", "probes"]);
        if (b.String(root, "format", "", required: true) is { } format && format != ProbeSuite.Format)
            b.Error(DataBinder.LineOf(root, "format"), "format", $"expected {ProbeSuite.Format}, got \"{format}\"");
        var id = b.String(root, "id", "", required: true);
        var title = b.String(root, "title", "", required: true);
        var defaults = b.AsMapping(root["defaults"], "defaults", optional: true);
        if (defaults is not null)
            b.RejectUnknownKeys(defaults, "defaults", ["owasp", "atlas", "severity", "expect", "graders", "category", "canary", "system_prompt"]);
        var probes = new List<Probe>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var items = b.List(root, "probes", "", (node, path) => b.AsMapping(node, path) is { } m ? (m, path) : ((DataMapping, string)?)null, required: true);
        foreach (var item in items)
        {
            var (m, path) = item!.Value;
            foreach (var probe in ReadProbe(b, m, path, defaults, file, schemas))
            {
                if (seen.TryGetValue(probe.Id, out var firstLine))
                    b.Error(DataBinder.LineOf(m, "id"), DataBinder.Join(path, "id"), $"duplicate probe id \"{probe.Id}\" (first defined on line {firstLine})");
                else
                    seen[probe.Id] = DataBinder.LineOf(m, "id");
                probes.Add(probe);
            }
        }
        if (items.Count == 0 && root["probes"] is not null)
            b.Error(DataBinder.LineOf(root, "probes"), "probes", "a suite needs at least one probe");
        return new ProbeSuite
        {
            Id = id ?? "",
            Title = title ?? "",
            Description = b.String(root, "description", "") ?? "",
            Origin = b.String(root, "origin", "") ?? "",
            Licence = b.String(root, "licence", "") ?? "",
            SystemPrompt = b.String(root, "system_prompt", ""),
            Probes = probes,
            Sha256 = sha256,
            Source = file,
        };
    }

    private static IEnumerable<Probe> ReadProbe(DataBinder b, DataMapping m, string path, DataMapping? defaults, string file, Dictionary<string, JsonSchemaCheck> schemas)
    {
        var before = b.Errors.Count;
        b.RejectUnknownKeys(m, path, ["id", "owasp", "atlas", "severity", "prompt", "turns", "template", "payloads", "goal", "category", "expect", "graders",
            "system_prompt", "canary", "context", "json_schema", "must_match", "must_not_match"]);
        var id = b.String(m, "id", path, required: true);
        if (id is not null && !Regex.IsMatch(id, "^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$"))
            b.Error(DataBinder.LineOf(m, "id"), DataBinder.Join(path, "id"), "expected letters, digits, '.', '_' or '-' (at most 100)");

        // A key of the probe wins over the suite's defaults; errors name where the value came from.
        (DataMapping Map, string Path) Source(string key) => m[key] is null && defaults?[key] is not null ? (defaults, "defaults") : (m, path);
        string? Str(string key, bool required = false)
        {
            var (map, p) = Source(key);
            var value = b.String(map, key, p);
            if (value is null && required) b.Error(m.Line, DataBinder.Join(path, key), "required key is missing (here or in defaults)");
            return value;
        }

        var owasp = Str("owasp", required: true);
        if (owasp is not null && !OwaspLlm.IsId(owasp))
        {
            var (map, p) = Source("owasp");
            b.Error(DataBinder.LineOf(map, "owasp"), DataBinder.Join(p, "owasp"), $"unknown OWASP LLM Top 10 2025 id \"{owasp}\"; expected LLM01 … LLM10");
        }
        var atlas = Str("atlas");
        if (atlas is not null && AtlasIds.Value.Count > 0 && !AtlasIds.Value.Contains(atlas))
        {
            var (map, p) = Source("atlas");
            b.Error(DataBinder.LineOf(map, "atlas"), DataBinder.Join(p, "atlas"), $"unknown MITRE ATLAS technique \"{atlas}\" (expected an id such as AML.T0051)");
        }
        var severity = Source("severity") is var sev && sev.Map["severity"] is not null ? b.Enum<ProbeSeverity>(sev.Map, "severity", sev.Path) : ProbeSeverity.Medium;
        var expectSource = Source("expect");
        var expect = expectSource.Map["expect"] is null ? [] : b.EnumList<ExpectedBehaviour>(expectSource.Map, "expect", expectSource.Path);
        var graderSource = Source("graders");
        var graders = graderSource.Map["graders"] is null ? [] : b.StringList(graderSource.Map, "graders", graderSource.Path);
        if (graderSource.Map["graders"] is DataSequence gseq)
        {
            for (var i = 0; i < graders.Count && i < gseq.Items.Count; i++)
            {
                if (!Graders.All.Contains(graders[i], StringComparer.Ordinal))
                    b.Error(gseq.Items[i], $"{DataBinder.Join(graderSource.Path, "graders")}[{i}]", $"unknown grader \"{graders[i]}\"; expected one of {string.Join(", ", Graders.All)}");
            }
        }
        if (expect.Count == 0 && graders.Count == 0 && b.Errors.Count == before)
            b.Error(m.Line, DataBinder.Join(path, "expect"), $"a probe needs expected behaviours ({string.Join(", ", WireName.All<ExpectedBehaviour>())}) or graders");

        var prompt = b.String(m, "prompt", path);
        var turns = m["turns"] is null ? [] : b.StringList(m, "turns", path);
        var template = b.String(m, "template", path);
        var payloads = m["payloads"] is null ? [] : b.StringList(m, "payloads", path);
        var given = (prompt is null ? 0 : 1) + (m["turns"] is null ? 0 : 1) + (template is null ? 0 : 1);
        if (given != 1)
            b.Error(m.Line, DataBinder.Join(path, "prompt"), "give exactly one of prompt, turns or template (with payloads)");
        if (template is not null)
        {
            if (!template.Contains(PayloadPlaceholder, StringComparison.Ordinal))
                b.Error(DataBinder.LineOf(m, "template"), DataBinder.Join(path, "template"), $"a template needs the placeholder {PayloadPlaceholder}");
            if (payloads.Count == 0)
                b.Error(DataBinder.LineOf(m, "template"), DataBinder.Join(path, "payloads"), "a template needs a list of payloads");
        }
        else if (m["payloads"] is not null)
            b.Error(DataBinder.LineOf(m, "payloads"), DataBinder.Join(path, "payloads"), "payloads need a template");
        if (m["turns"] is not null && turns.Count == 0)
            b.Error(DataBinder.LineOf(m, "turns"), DataBinder.Join(path, "turns"), "expected at least one turn");

        var mustNot = m["must_not_match"] is null ? [] : b.StringList(m, "must_not_match", path);
        var must = m["must_match"] is null ? [] : b.StringList(m, "must_match", path);
        foreach (var (list, key) in new[] { (mustNot, "must_not_match"), (must, "must_match") })
        {
            for (var i = 0; i < list.Count; i++)
            {
                try { _ = new Regex(list[i].Replace(PayloadPlaceholder, "x", StringComparison.Ordinal), RegexOptions.None, TimeSpan.FromSeconds(1)); }
                catch (ArgumentException e) { b.Error(DataBinder.LineOf(m, key), $"{DataBinder.Join(path, key)}[{i}]", $"not a regular expression ({e.Message})"); }
            }
        }
        var effective = graders.Count > 0 ? graders : Graders.DefaultsFor(expect);
        if (effective.Contains(Graders.Pattern) && mustNot.Count == 0 && must.Count == 0)
            b.Error(m.Line, DataBinder.Join(path, "must_not_match"), "the pattern grader needs must_not_match or must_match");
        var schemaText = b.String(m, "json_schema", path);
        JsonSchemaCheck? schema = null;
        if (schemaText is not null)
        {
            schema = JsonSchemaCheck.TryCreate(schemaText, out var problem);
            if (schema is null) b.Error(DataBinder.LineOf(m, "json_schema"), DataBinder.Join(path, "json_schema"), $"not a JSON schema ({problem})");
        }

        var category = Str("category");
        var canary = Str("canary");
        var systemPrompt = b.String(m, "system_prompt", path) ?? (defaults is null ? null : b.String(defaults, "system_prompt", "defaults"));
        var context = b.String(m, "context", path);
        var goal = b.String(m, "goal", path);
        if (b.Errors.Count > before || id is null) yield break;

        Probe Make(string probeId, IReadOnlyList<string> probeTurns, string? payload) => new()
        {
            Id = probeId,
            Owasp = owasp!,
            Atlas = atlas,
            Severity = severity ?? ProbeSeverity.Medium,
            Turns = probeTurns,
            Goal = payload is null ? goal : goal?.Replace(PayloadPlaceholder, payload, StringComparison.Ordinal),
            Category = category,
            Expect = expect,
            Graders = graders,
            SystemPrompt = systemPrompt,
            Canary = canary,
            Context = context,
            JsonSchema = schemaText,
            MustNotMatch = payload is null ? mustNot : mustNot.Select(p => p.Replace(PayloadPlaceholder, Regex.Escape(payload.Trim()), StringComparison.Ordinal)).ToArray(),
            MustMatch = payload is null ? must : must.Select(p => p.Replace(PayloadPlaceholder, Regex.Escape(payload.Trim()), StringComparison.Ordinal)).ToArray(),
            Source = $"{file}:{m.Line}",
        };
        if (schema is not null) schemas[id] = schema;
        if (template is not null)
        {
            for (var i = 0; i < payloads.Count; i++)
            {
                var probeId = $"{id}-{i + 1:00}";
                if (schema is not null) schemas[probeId] = schema;
                yield return Make(probeId, [template.Replace(PayloadPlaceholder, payloads[i], StringComparison.Ordinal)], payloads[i]);
            }
        }
        else
        {
            yield return Make(id, prompt is not null ? [prompt] : turns, null);
        }
    }
}

/// <summary>A loaded suite with the compiled JSON schemas of its probes (by probe id).</summary>
public sealed record LoadedSuite(ProbeSuite Suite, IReadOnlyDictionary<string, JsonSchemaCheck> Schemas)
{
    public Func<string, IReadOnlyList<string>>? SchemaCheckFor(string probeId) =>
        Schemas.TryGetValue(probeId, out var schema) ? schema.Check : null;
}
