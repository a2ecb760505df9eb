using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Attest.Core.DataFiles;
using Attest.Engine.Classification;
using Attest.Engine.Oversight;
using Attest.Engine.Signals;

namespace Attest.Core.Features.Monitoring;

/// <summary>A plan read from text, with each route's secret (null for e-mail) kept apart from it.</summary>
public sealed record ReadPlan(MonitoringPlan Plan, IReadOnlyList<string?> Secrets);

/// <summary>What a plan may name: features and attributes the system's decisions carry, and its evidence ids (null skips a check).</summary>
public sealed record PlanVocabulary(IReadOnlySet<string>? Features, IReadOnlySet<string>? Attributes, IReadOnlySet<string>? Evidence);

/// <summary>
/// Reads a monitoring plan (<c>attest.monitoring-plan/v1</c>, YAML or JSON) with the positioned readers of data files: every
/// problem names the line and field — an unknown kind, metric, feature or attribute, a window that is neither a duration
/// nor a count, a NaN threshold, a webhook URL that is not http(s), a secret shorter than 16 bytes — all reported at once.
/// </summary>
public static partial class MonitoringPlanReader
{
    public const int MaxSignals = 100;
    public const int MaxRoutes = 20;
    public const int MaxWindowDecisions = 10_000_000;

    private static readonly string[] TopKeys = ["format", "description", "signals", "routes", "auto_resolve_after"];
    private static readonly string[] SignalKeys =
        ["id", "description", "kind", "metric", "attribute", "positive", "feature", "window", "min_n", "comparator", "threshold", "judge", "severity", "every", "open_incident", "reference"];
    private static readonly string[] RouteKeys = ["kind", "url", "secret", "to"];

    /// <param name="stored">The stored form (secrets removed, vocabulary already checked): no secret is required.</param>
    /// <param name="hostRefusal">Why a webhook host may not be written into a plan (the SSRF guard), or null when it may; none for the stored form.</param>
    public static ReadPlan? Read(string text, string file, bool yaml, PlanVocabulary vocabulary, List<DataError> errors, bool stored = false, Func<string, string?>? hostRefusal = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(vocabulary);
        ArgumentNullException.ThrowIfNull(errors);
        var before = errors.Count;
        var root = yaml ? YamlDataReader.Read(text, file, errors) : JsonDataReader.Read(text, file, errors);
        var bind = new DataBinder(file, errors);
        if (root is null)
        {
            if (errors.Count == before) bind.Error(1, "", "the plan is empty; expected a mapping with format, signals and routes");
            return null;
        }
        var top = bind.AsMapping(root, "");
        if (top is null) return null;
        bind.RejectUnknownKeys(top, "", TopKeys);
        var format = bind.String(top, "format", "", required: true);
        if (format is not null && format != MonitoringPlan.Format)
            bind.Error(DataBinder.LineOf(top, "format"), "format", $"expected {MonitoringPlan.Format}, got \"{format}\"");
        bind.String(top, "description", "");
        var autoResolve = (int)(bind.WholeNumber(top, "auto_resolve_after", "", 1, 1000) ?? MonitoringPlan.DefaultAutoResolveAfter);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var signals = bind.List(top, "signals", "", (node, path) => ReadSignal(bind, node, path, seen, vocabulary), required: true);
        if (top["signals"] is DataSequence { Items.Count: > MaxSignals } many)
            bind.Error(many, "signals", $"at most {MaxSignals} signals, got {many.Items.Count}");
        if (top["signals"] is DataSequence { Items.Count: 0 } none)
            bind.Error(none, "signals", "names no signal; a plan watches at least one");
        var secrets = new List<string?>();
        var routes = bind.List(top, "routes", "", (node, path) => ReadRoute(bind, node, path, secrets, stored, hostRefusal));
        if (top["routes"] is DataSequence { Items.Count: > MaxRoutes } manyRoutes)
            bind.Error(manyRoutes, "routes", $"at most {MaxRoutes} routes, got {manyRoutes.Items.Count}");
        return errors.Count == before ? new ReadPlan(new MonitoringPlan(signals, routes, autoResolve), secrets) : null;
    }

    private static MonitoringSignal? ReadSignal(DataBinder bind, DataNode node, string path, Dictionary<string, int> seen, PlanVocabulary vocabulary)
    {
        var before = bind.Errors.Count;
        var s = bind.AsMapping(node, path);
        if (s is null) return null;
        bind.RejectUnknownKeys(s, path, SignalKeys);
        var id = bind.String(s, "id", path, required: true);
        if (id is not null)
        {
            var line = DataBinder.LineOf(s, "id");
            if (!SignalId().IsMatch(id))
                bind.Error(line, DataBinder.Join(path, "id"), $"expected lower-case letters, digits, '-' or '_' (at most 64), got \"{id}\"");
            else if (seen.TryGetValue(id, out var first))
                bind.Error(line, DataBinder.Join(path, "id"), $"duplicate signal id '{id}' (first at line {first})");
            else
                seen[id] = line;
        }
        bind.String(s, "description", path, maxLength: 1000);
        var kind = bind.Enum<SignalKind>(s, "kind", path, required: true);
        var metricText = bind.String(s, "metric", path, maxLength: 64);
        string? metric = null;
        if (kind is { } k)
        {
            metric = metricText is null ? SignalCatalog.DefaultMetric(k) : SignalCatalog.Canonical(k, metricText);
            if (metric is null)
                bind.Error(DataBinder.LineOf(s, "metric"), DataBinder.Join(path, "metric"),
                    $"unknown metric \"{metricText}\" for kind {WireName.Of(k)}; expected one of {string.Join(", ", SignalCatalog.Metrics(k))}");
        }
        var attribute = bind.String(s, "attribute", path, maxLength: 200);
        var feature = bind.String(s, "feature", path, maxLength: 200);
        var positive = bind.String(s, "positive", path, maxLength: 1000);
        if (kind is { } kk)
        {
            if (SignalCatalog.NeedsAttribute(kk) && attribute is null)
                bind.Error(s.Line, DataBinder.Join(path, "attribute"), "required key is missing: a fairness signal compares the groups of an attribute (e.g. sex)");
            if (SignalCatalog.NeedsFeature(kk) && feature is null)
                bind.Error(s.Line, DataBinder.Join(path, "feature"), "required key is missing: a drift signal watches one feature");
            if (SignalCatalog.NeedsPositive(kk) && positive is null)
                bind.Error(s.Line, DataBinder.Join(path, "positive"), "required key is missing: the favourable output value (e.g. approve)");
            if (attribute is not null && kk is not (SignalKind.Performance or SignalKind.Fairness))
                bind.Error(DataBinder.LineOf(s, "attribute"), DataBinder.Join(path, "attribute"), $"only performance and fairness signals look at an attribute, not {WireName.Of(kk)}");
            if (feature is not null && kk != SignalKind.Drift)
                bind.Error(DataBinder.LineOf(s, "feature"), DataBinder.Join(path, "feature"), $"only drift signals watch a feature, not {WireName.Of(kk)}");
        }
        if (attribute is not null && vocabulary.Attributes is { } attributes && !attributes.Contains(attribute))
            bind.Error(DataBinder.LineOf(s, "attribute"), DataBinder.Join(path, "attribute"), $"unknown attribute '{attribute}'; the system's decisions carry {Known(attributes)}");
        if (feature is not null && vocabulary.Features is { } features && !features.Contains(feature))
            bind.Error(DataBinder.LineOf(s, "feature"), DataBinder.Join(path, "feature"), $"unknown feature '{feature}'; the system's decisions carry {Known(features)}");

        var window = ReadWindow(bind, s, DataBinder.Join(path, "window"));
        var minN = (int)(bind.WholeNumber(s, "min_n", path, 0, MaxWindowDecisions) ?? 0);
        var comparatorText = bind.String(s, "comparator", path, required: true);
        var comparator = comparatorText is null ? null : SignalCatalog.ParseComparator(comparatorText.Trim());
        if (comparatorText is not null && comparator is null)
            bind.Error(DataBinder.LineOf(s, "comparator"), DataBinder.Join(path, "comparator"), $"expected one of >, >=, <, <= (when the value is past the threshold), got \"{comparatorText}\"");
        var threshold = Threshold(bind, s, path);
        var judge = bind.Enum<SignalJudge>(s, "judge", path) ?? SignalJudge.Point;
        if (judge == SignalJudge.Ci && kind is { } kj && metric is not null && !SignalCatalog.HasInterval(kj, metric))
            bind.Error(DataBinder.LineOf(s, "judge"), DataBinder.Join(path, "judge"), $"{WireName.Of(kj)} {metric} has no confidence interval; use judge: point");
        var severity = bind.Enum<AlertSeverity>(s, "severity", path) ?? AlertSeverity.Medium;
        var everyText = bind.String(s, "every", path);
        var every = everyText is null ? TimeSpan.FromHours(1) : ReviewDuration.Parse(everyText);
        if (everyText is not null && every is null)
            bind.Error(DataBinder.LineOf(s, "every"), DataBinder.Join(path, "every"), $"expected a duration such as 15m, 1h or 1d, got \"{everyText}\"");
        var openIncident = bind.Bool(s, "open_incident", path);
        var reference = ReadReference(bind, s, path, kind, vocabulary);
        if (bind.Errors.Count != before || id is null || kind is null || metric is null || window is null || comparator is null || threshold is null || every is null)
            return null;
        return new MonitoringSignal(id, kind.Value, metric, attribute, positive, feature, window, minN, comparator.Value, threshold.Value, judge, severity, every.Value, openIncident, reference);
    }

    private static double? Threshold(DataBinder bind, DataMapping s, string path)
    {
        var node = s["threshold"];
        var at = DataBinder.Join(path, "threshold");
        if (node is DataScalar scalar && scalar.Text.Trim().TrimStart('.').Equals("nan", StringComparison.OrdinalIgnoreCase))
        {
            bind.Error(node, at, "must be a finite number, got NaN");
            return null;
        }
        if (node is DataScalar inf && inf.Text.Trim().TrimStart('+', '-', '.').StartsWith("inf", StringComparison.OrdinalIgnoreCase))
        {
            bind.Error(node, at, $"must be a finite number, got {inf.Text}");
            return null;
        }
        return bind.Number(s, "threshold", path, required: true);
    }

    private static SignalWindow? ReadWindow(DataBinder bind, DataMapping s, string path)
    {
        var node = s["window"];
        if (node is null)
        {
            bind.Error(s.Line, path, "required key is missing: {last: 7d} (a duration) or {decisions: 5000} (a count)");
            return null;
        }
        var w = bind.AsMapping(node, path);
        if (w is null) return null;
        bind.RejectUnknownKeys(w, path, ["last", "decisions"]);
        var hasLast = w["last"] is not null;
        var hasCount = w["decisions"] is not null;
        if (hasLast == hasCount)
        {
            bind.Error(w, path, "expected exactly one of last (a duration such as 7d) or decisions (a count such as 5000)");
            return null;
        }
        if (hasLast)
        {
            var text = bind.String(w, "last", path);
            var last = ReviewDuration.Parse(text);
            if (last is null)
            {
                bind.Error(DataBinder.LineOf(w, "last"), DataBinder.Join(path, "last"), $"expected a duration such as 1h, 7d or 4w, got {w["last"]!.Describe()}");
                return null;
            }
            return new SignalWindow(last, null);
        }
        var count = bind.WholeNumber(w, "decisions", path, 1, MaxWindowDecisions);
        return count is null ? null : new SignalWindow(null, (int)count);
    }

    private static DriftReference? ReadReference(DataBinder bind, DataMapping s, string path, SignalKind? kind, PlanVocabulary vocabulary)
    {
        if (s["reference"] is not { } node) return null;
        var at = DataBinder.Join(path, "reference");
        if (kind is not (SignalKind.Drift or SignalKind.PredictionDrift))
        {
            bind.Error(node, at, "only drift signals compare with a reference");
            return null;
        }
        var r = bind.AsMapping(node, at);
        if (r is null) return null;
        bind.RejectUnknownKeys(r, at, ["evidence", "window"]);
        var evidence = bind.String(r, "evidence", at, maxLength: 100);
        var window = bind.String(r, "window", at);
        if (window is not null && window != "previous")
            bind.Error(DataBinder.LineOf(r, "window"), DataBinder.Join(at, "window"), $"expected previous (the window before the current one), got \"{window}\"");
        if (evidence is not null && vocabulary.Evidence is { } known && !known.Contains(evidence))
            bind.Error(DataBinder.LineOf(r, "evidence"), DataBinder.Join(at, "evidence"), $"unknown evidence item '{evidence}' of this system");
        return new DriftReference(evidence);
    }

    private static MonitoringRoute? ReadRoute(DataBinder bind, DataNode node, string path, List<string?> secrets, bool stored, Func<string, string?>? hostRefusal)
    {
        var before = bind.Errors.Count;
        var r = bind.AsMapping(node, path);
        if (r is null) return null;
        bind.RejectUnknownKeys(r, path, RouteKeys);
        var kind = bind.String(r, "kind", path, required: true);
        string? url = null, to = null, secret = null;
        switch (kind)
        {
            case MonitoringRoute.Webhook:
                url = bind.String(r, "url", path, required: true, maxLength: 2000);
                var uri = url is not null && Uri.TryCreate(url, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttp || u.Scheme == Uri.UriSchemeHttps) && u.Host.Length > 0 ? u : null;
                if (url is not null && uri is null)
                    bind.Error(DataBinder.LineOf(r, "url"), DataBinder.Join(path, "url"), $"expected an http or https URL, got \"{url}\"");
                else if (uri is not null && hostRefusal?.Invoke(uri.Host) is { } refusal)
                    bind.Error(DataBinder.LineOf(r, "url"), DataBinder.Join(path, "url"),
                        $"a webhook may not point at this machine or a private network: {refusal}; an operator can allow the host with Attest:Monitoring:AllowedWebhookHosts");
                secret = bind.String(r, "secret", path, required: !stored, maxLength: 1000);
                if (secret is not null && Encoding.UTF8.GetByteCount(secret) < WebhookSignature.MinSecretBytes)
                    bind.Error(DataBinder.LineOf(r, "secret"), DataBinder.Join(path, "secret"), $"must be at least {WebhookSignature.MinSecretBytes} bytes, got {Encoding.UTF8.GetByteCount(secret)}");
                if (r["to"] is not null) bind.Error(DataBinder.LineOf(r, "to"), DataBinder.Join(path, "to"), "a webhook route has a url, not to");
                break;
            case MonitoringRoute.Email:
                to = bind.String(r, "to", path, required: true, maxLength: 320);
                if (to is not null && !Common.EmailAddresses.IsValid(to))
                    bind.Error(DataBinder.LineOf(r, "to"), DataBinder.Join(path, "to"), $"expected an e-mail address, got \"{to}\"");
                if (r["url"] is not null || r["secret"] is not null)
                    bind.Error(r, path, "an e-mail route has to, not url or secret");
                break;
            case null:
                break;
            default:
                bind.Error(DataBinder.LineOf(r, "kind"), DataBinder.Join(path, "kind"), $"expected webhook or email, got \"{kind}\"");
                break;
        }
        if (bind.Errors.Count != before || kind is null) return null;
        secrets.Add(secret);
        return new MonitoringRoute(kind, url, to);
    }

    private static string Known(IReadOnlySet<string> names) =>
        names.Count == 0 ? "none" : string.Join(", ", names.Order(StringComparer.Ordinal).Take(20));

    /// <summary>The stored form: canonical JSON of the plan without secrets (a route says whether it has one).</summary>
    public static JsonObject ToJson(MonitoringPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return new JsonObject
        {
            ["format"] = MonitoringPlan.Format,
            ["auto_resolve_after"] = plan.AutoResolveAfter,
            ["signals"] = new JsonArray([.. plan.Signals.Select(s => (JsonNode)SignalJson(s))]),
            ["routes"] = new JsonArray([.. plan.Routes.Select(r => (JsonNode)(r.Kind == MonitoringRoute.Webhook
                ? new JsonObject { ["kind"] = r.Kind, ["url"] = r.Url }
                : new JsonObject { ["kind"] = r.Kind, ["to"] = r.To }))]),
        };
    }

    public static JsonObject SignalJson(MonitoringSignal s)
    {
        ArgumentNullException.ThrowIfNull(s);
        var o = new JsonObject
        {
            ["id"] = s.Id,
            ["kind"] = WireName.Of(s.Kind),
            ["metric"] = s.Metric,
        };
        if (s.Attribute is not null) o["attribute"] = s.Attribute;
        if (s.Positive is not null) o["positive"] = s.Positive;
        if (s.Feature is not null) o["feature"] = s.Feature;
        o["window"] = s.Window.Last is { } last ? new JsonObject { ["last"] = ReviewDuration.Format(last) } : new JsonObject { ["decisions"] = s.Window.Decisions };
        o["min_n"] = s.MinN;
        o["comparator"] = SignalCatalog.Symbol(s.Comparator);
        o["threshold"] = s.Threshold;
        o["judge"] = WireName.Of(s.Judge);
        o["severity"] = WireName.Of(s.Severity);
        o["every"] = ReviewDuration.Format(s.Every);
        o["open_incident"] = s.OpenIncident;
        if (s.Reference is { } r) o["reference"] = r.EvidenceId is null ? new JsonObject { ["window"] = "previous" } : new JsonObject { ["evidence"] = r.EvidenceId };
        return o;
    }

    /// <summary>A stored plan document back as a plan (it was valid when stored).</summary>
    public static MonitoringPlan FromStored(string documentJson)
    {
        var errors = new List<DataError>();
        return Read(documentJson, "stored plan", yaml: false, new PlanVocabulary(null, null, null), errors, stored: true)?.Plan
            ?? throw new InvalidOperationException("A stored monitoring plan no longer reads: " + string.Join("; ", errors.Select(e => e.Message)));
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex SignalId();

    internal static string Number(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
