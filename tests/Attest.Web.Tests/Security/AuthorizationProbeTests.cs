using System.Net;
using System.Net.Http.Headers;
using System.Reflection;
using System.Text.RegularExpressions;
using Attest.Core.Data;
using Attest.Core.Features.Identity;
using Attest.Engine.Access;
using Attest.Web.Api;
using Attest.Web.Security;
using Attest.Web.Tests.Support;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Attest.Web.Tests.Security;

/// <summary>
/// The authorization matrix, probed: every API endpoint (from the endpoint metadata) and every form of every page
/// (pages with forms, their form names read from the rendered page) × every role × the caller's own system and another,
/// for keys scoped to one demo system and for members of one demo system. A caller whose role lacks the permission or
/// whose scope excludes the system must be refused — 401, 403 or 404, before the request body is validated — and no
/// refused form post may change anything (the ledger does not grow). Lists read by a scoped key name no other system.
/// </summary>
public sealed partial class AuthorizationProbeTests(DemoAppFixture app) : IClassFixture<DemoAppFixture>
{
    private const string Own = "credit-scoring";
    private const string Other = "code-assistant";
    private const string DemoPassword = "northwind-demo";

    private CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed record Caller(string Name, IReadOnlyList<string> Roles, bool Scoped, bool Member, string? Bearer, HttpClient Client);

    private sealed record Target(string Label, string SystemId, string Slug, Dictionary<string, string> Records);

    [Fact]
    public async Task No_role_or_scope_reaches_past_its_rights_through_any_endpoint_or_form()
    {
        var callers = await CallersAsync();
        // A key of another system, for the probes that revoke one.
        await app.Factory.WithServiceAsync<CreateApiKey, CreatedApiKey>(async c =>
            (await c.ExecuteAsync(new ApiKeyInput { Name = "probe target", Roles = [Roles.MlEngineer], System = Other }, CallerIdentity.Attest, Ct)).Value!);
        var targets = await TargetsAsync();
        var otherSystemIds = await app.Factory.WithServiceAsync<AttestDbContext, List<string>>(db => db.Systems.Where(s => s.Slug != Own).Select(s => s.Id).ToListAsync(Ct));
        var ledgerBefore = await LedgerCountAsync();
        var leaks = new List<string>();
        var probes = 0;

        foreach (var endpoint in ApiEndpoints())
        {
            foreach (var caller in callers)
            {
                foreach (var target in targets)
                {
                    if (Expectation(endpoint, caller, target) is not { } expected)
                        continue;
                    if (Url(endpoint.Pattern, target) is not { } url)
                        continue;
                    probes++;
                    using var response = await SendAsync(caller, endpoint.Method, url, Body(endpoint, target));
                    var status = (int)response.StatusCode;
                    if (expected == Expect.Refused && status is not (401 or 403 or 404))
                        leaks.Add($"{caller.Name} {endpoint.Method} {url} ({target.Label}) → {status}, expected 401/403/404");
                    if (expected == Expect.ScopedList)
                    {
                        var body = await response.Content.ReadAsStringAsync(Ct);
                        var seen = otherSystemIds.FirstOrDefault(body.Contains);
                        if (status >= 500 || seen is not null)
                            leaks.Add($"{caller.Name} GET {url} → {status}, names another system ({seen})");
                    }
                }
            }
        }

        var (formProbes, formLeaks) = await ProbeFormsAsync(callers, targets);
        probes += formProbes;
        leaks.AddRange(formLeaks);

        TestContext.Current.SendDiagnosticMessage($"{probes} authorization probes, {leaks.Count} leaks");
        leaks.ShouldBeEmpty();
        (await LedgerCountAsync()).ShouldBe(ledgerBefore, "a refused request changed something");
        probes.ShouldBeGreaterThan(1000);
    }

    private enum Expect { Refused, ScopedList }

    private sealed record ApiEndpoint(string Method, string Pattern, string Permission, bool LedgerWide);

    private IEnumerable<ApiEndpoint> ApiEndpoints() =>
        app.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(m => new ApiEndpoint(m, e.RoutePattern.RawText!, e.Metadata.GetMetadata<RequiredPermission>()!.Name, e.Metadata.GetMetadata<LedgerWideRead>() is not null)))
            .OrderBy(e => e.Pattern, StringComparer.Ordinal).ThenBy(e => e.Method, StringComparer.Ordinal);

    // Null: the probe is allowed (or depends on the body), so it is not sent — allowed writes would change the demo.
    private static Expect? Expectation(ApiEndpoint endpoint, Caller caller, Target target)
    {
        var read = endpoint.Method == "GET";
        var addressed = AddressesRecord(endpoint.Pattern) || IsBodyAddressed(endpoint);
        if (!Attest.Core.Governance.AuthorizationMatrix.Allows(endpoint.Permission, caller.Roles))
            return Expect.Refused;
        if (caller.Scoped && endpoint.LedgerWide)
            return Expect.Refused;
        if (addressed && target.Label == "other" && caller.Scoped)
            return Expect.Refused;
        // Members act only on their systems: every write they may do comes from a system-bound role.
        if (addressed && !read && target.Label == "other" && caller.Member)
            return Expect.Refused;
        if (!addressed && !read && caller.Scoped && IsInstallationWide(endpoint))
            return Expect.Refused;
        if (!addressed && read && caller.Scoped && target.Label == "own" && !endpoint.Pattern.Contains("/me", StringComparison.Ordinal))
            return Expect.ScopedList;
        return null;
    }

    private static bool AddressesRecord(string pattern) => RecordParameter().IsMatch(pattern);

    private static bool IsBodyAddressed(ApiEndpoint endpoint) => endpoint is { Method: "POST", Pattern: "/api/v1/reviews" or "/api/v1/waivers" };

    // Changes that belong to no one system: a scoped key never makes them.
    private static bool IsInstallationWide(ApiEndpoint endpoint) =>
        endpoint.Pattern is "/api/v1/systems/" or "/api/v1/systems" or "/api/v1/users/" or "/api/v1/users" or "/api/v1/ledger/checkpoints";

    private static string? Body(ApiEndpoint endpoint, Target target) => endpoint.Method is "GET" or "DELETE" ? null : endpoint.Pattern switch
    {
        "/api/v1/reviews" => $$"""{"system":"{{target.Slug}}","stage":"pre_launch"}""",
        "/api/v1/waivers" => $$"""{"system":"{{target.Slug}}","control":"ATT-GOV-03","justification":"probe","compensating_controls":"probe","risk_owner":"probe","expires_on":"2099-01-01"}""",
        _ => "{}",
    };

    private static string? Url(string pattern, Target target)
    {
        var missing = false;
        var url = RouteParameter().Replace(pattern, m =>
        {
            var collection = m.Groups["collection"].Value;
            var name = m.Groups["name"].Value;
            var value = (collection, name) switch
            {
                ("systems", _) => target.Slug,
                ("datasets", _) => target.Records.GetValueOrDefault("dataset"),
                ("documents", _) => pattern.Contains("/datasets/", StringComparison.Ordinal) ? "datasheet" : "annex-iv",
                ("sections", _) => pattern.Contains("/datasets/", StringComparison.Ordinal) ? "motivation" : "standards",
                ("controls", _) => "ATT-GOV-03",
                ("ledger", _) => "1",
                ("actors", _) => "system:attest",
                _ => target.Records.GetValueOrDefault(collection),
            };
            missing |= value is null;
            return m.Groups["collection"].Value + "/" + Uri.EscapeDataString(value ?? "");
        });
        if (missing)
            return null;
        return pattern.EndsWith("/ledger/history", StringComparison.Ordinal) ? $"{url}?subject=system:{target.SystemId}" : url;
    }

    [GeneratedRegex(@"(?<collection>[a-z-]+)/\{(?<name>[A-Za-z]+)(:[a-z]+)?\}")]
    private static partial Regex RouteParameter();

    [GeneratedRegex(@"(systems|datasets|evidence|reviews|waivers|risks|incidents|actions|keys|decisions|queue|items|alerts)/\{")]
    private static partial Regex RecordParameter();

    private async Task<HttpResponseMessage> SendAsync(Caller caller, string method, string url, string? body)
    {
        // Evidence is uploaded as a form: routing itself answers 415 to anything else, before any endpoint is chosen.
        HttpContent? content = body is null ? null : url.EndsWith("/evidence", StringComparison.Ordinal)
            ? new MultipartFormDataContent { { new StringContent("fairness_report"), "type" } }
            : Json.Body(body);
        using var request = new HttpRequestMessage(new HttpMethod(method), url) { Content = content };
        if (caller.Bearer is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", caller.Bearer);
        else
            request.Headers.Add("Origin", $"{caller.Client.BaseAddress!.Scheme}://{caller.Client.BaseAddress.Authority}");
        return await caller.Client.SendAsync(request, Ct);
    }

    // Every page that declares forms (or hosts a component that does), rendered for an administrator to learn its form
    // names, then posted by every caller refused on it: a scoped key on another system's page gets 404; nothing changes.
    private async Task<(int Probes, List<string> Leaks)> ProbeFormsAsync(IReadOnlyList<Caller> callers, IReadOnlyList<Target> targets)
    {
        var leaks = new List<string>();
        var probes = 0;
        using var admin = app.Factory.CreateClient(new() { AllowAutoRedirect = false });
        var tokens = new Dictionary<Caller, string?>();
        foreach (var caller in callers)
            tokens[caller] = await TokenAsync(caller);

        foreach (var (page, permissions) in FormPages())
        {
            foreach (var target in targets)
            {
                var addressed = page.Contains('{', StringComparison.Ordinal);
                if (Url(page, target) is not { } path || (!addressed && target.Label == "other"))
                    continue;
                using var rendered = await admin.GetAsync(path, Ct);
                rendered.StatusCode.ShouldBe(HttpStatusCode.OK, path);
                var html = await rendered.Content.ReadAsStringAsync(Ct);
                // One form of each kind: accept-rk_1 and accept-rk_2 are the same form of two records.
                var forms = HandlerPattern().Matches(html).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value))
                    .GroupBy(f => RecordSuffix().Replace(f, "")).Select(g => g.First()).ToList();
                foreach (var form in forms)
                {
                    foreach (var caller in callers)
                    {
                        var roleRefused = !permissions.Any(p => Attest.Core.Governance.AuthorizationMatrix.Allows(p, caller.Roles));
                        var scopeRefused = addressed && target.Label == "other" && (caller.Scoped || caller.Member);
                        if (!roleRefused && !scopeRefused)
                            continue;
                        probes++;
                        var before = await LedgerCountAsync();
                        var fields = new Dictionary<string, string> { ["_handler"] = form };
                        if (tokens[caller] is { } token)
                            fields["__RequestVerificationToken"] = token;
                        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(fields) };
                        if (caller.Bearer is not null)
                            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", caller.Bearer);
                        using var response = await caller.Client.SendAsync(request, Ct);
                        var status = (int)response.StatusCode;
                        if (await LedgerCountAsync() != before)
                            leaks.Add($"{caller.Name} posted form {form} on {path} ({target.Label}) → {status} and the ledger grew");
                        else if (caller.Scoped && target.Label == "other" && status != 404 && !SentToAccessDenied(response))
                            leaks.Add($"{caller.Name} posted form {form} on {path} (other system) → {status}, expected 404");
                        else if (status >= 500)
                            leaks.Add($"{caller.Name} posted form {form} on {path} ({target.Label}) → {status}");
                    }
                }
            }
        }
        return (probes, leaks);
    }

    // A caller whose roles may not open pages at all (a service key) is sent to the access-denied page.
    private static bool SentToAccessDenied(HttpResponseMessage response) =>
        response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.OriginalString.StartsWith("/access-denied", StringComparison.Ordinal) == true;

    private static IEnumerable<(string Route, IReadOnlyList<string> Permissions)> FormPages()
    {
        var components = typeof(FormPermissionsAttribute).Assembly.GetTypes().Where(t => typeof(IComponent).IsAssignableFrom(t)).ToList();
        var hosted = components.Where(t => t.GetCustomAttribute<FormPermissionsAttribute>() is not null && t.GetCustomAttributes<RouteAttribute>().Any()).ToList();
        foreach (var page in hosted)
        {
            foreach (var route in page.GetCustomAttributes<RouteAttribute>())
                yield return (route.Template, page.GetCustomAttribute<FormPermissionsAttribute>()!.Permissions);
        }
        // Shared components with forms live on the system pages: probe those with the component's permissions.
        foreach (var shared in components.Where(t => t.GetCustomAttribute<FormPermissionsAttribute>() is not null && !t.GetCustomAttributes<RouteAttribute>().Any()))
        {
            foreach (var route in new[] { "/systems/{Slug}", "/systems/{Slug}/waivers", "/waivers" })
                yield return (route, shared.GetCustomAttribute<FormPermissionsAttribute>()!.Permissions);
        }
    }

    [GeneratedRegex(@"-[a-z]+_[A-Za-z0-9]+$")]
    private static partial Regex RecordSuffix();

    [GeneratedRegex("name=\"_handler\" value=\"([^\"]+)\"")]
    private static partial Regex HandlerPattern();

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    private async Task<string?> TokenAsync(Caller caller)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/systems/{Own}");
        if (caller.Bearer is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", caller.Bearer);
        using var response = await caller.Client.SendAsync(request, Ct);
        var match = TokenPattern().Match(await response.Content.ReadAsStringAsync(Ct));
        return match.Success ? WebUtility.HtmlDecode(match.Groups[1].Value) : null;
    }

    /// <summary>Entries written for callers: Attest's own background work (a monitoring round opening an overdue-deadline alert) may land meanwhile.</summary>
    private Task<int> LedgerCountAsync() => app.Factory.WithServiceAsync<AttestDbContext, int>(db => db.Ledger.CountAsync(e => e.Actor != SystemActor, Ct));

    private static readonly string SystemActor = Attest.Core.Common.Actor.System.Id;

    private async Task<IReadOnlyList<Caller>> CallersAsync()
    {
        var callers = new List<Caller>();
        var client = app.Factory.CreateClient(new() { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = null;
        foreach (var role in Roles.All)
        {
            foreach (var scoped in new[] { true, false })
            {
                var key = await app.Factory.WithServiceAsync<CreateApiKey, CreatedApiKey>(async c =>
                    (await c.ExecuteAsync(new ApiKeyInput { Name = $"probe {role}{(scoped ? " scoped" : "")}", Roles = [role], System = scoped ? Own : null }, CallerIdentity.Attest, Ct)).Value!);
                callers.Add(new Caller($"{role} key{(scoped ? $" scoped to {Own}" : "")}", [role], scoped, Member: false, key.Secret, client));
            }
        }
        // Members of the own system, signed in as people do (session cookie; API calls carry this site's Origin).
        foreach (var (user, role) in new[] { ("markus.becker", Roles.ProductOwner), ("daniel.okafor", Roles.MlEngineer) })
        {
            var browser = app.Factory.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
            browser.DefaultRequestHeaders.Authorization = null;
            var signin = await browser.GetStringAsync("/signin", Ct);
            var token = WebUtility.HtmlDecode(TokenPattern().Match(signin).Groups[1].Value);
            using var signedIn = await browser.PostAsync("/account/signin", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["user_name"] = user,
                ["password"] = DemoPassword,
                ["return_url"] = "/",
                ["__RequestVerificationToken"] = token,
            }), Ct);
            signedIn.StatusCode.ShouldBe(HttpStatusCode.Redirect, $"{user} signs in");
            callers.Add(new Caller($"{user} ({role}, member of {Own})", [role], Scoped: false, Member: true, Bearer: null, browser));
        }
        return callers;
    }

    // The own system and another, each with one record of every kind a route can address (where the demo has one).
    private async Task<IReadOnlyList<Target>> TargetsAsync()
    {
        var ownId = await app.Factory.WithServiceAsync<AttestDbContext, string>(db => db.Systems.Where(s => s.Slug == Own).Select(s => s.Id).SingleAsync(Ct));
        var scope = Attest.Core.Governance.ReadScope.Only(ownId);
        var readable = await app.Factory.WithServiceAsync<Attest.Core.Governance.Access, IReadOnlyList<string>>(async a => (await a.ReadableDatasetIdsAsync(scope, Ct))!);
        return await app.Factory.WithServiceAsync<AttestDbContext, List<Target>>(async db =>
        {
            var targets = new List<Target>();
            foreach (var (label, slug) in new[] { ("own", Own), ("other", Other) })
            {
                var id = await db.Systems.Where(s => s.Slug == slug).Select(s => s.Id).SingleAsync(Ct);
                var own = label == "own";
                var records = new Dictionary<string, string?>
                {
                    ["evidence"] = await db.Evidence.Where(e => own ? e.SystemId == id : e.SystemId != ownId).Select(e => e.Id).FirstOrDefaultAsync(Ct),
                    ["reviews"] = await db.Reviews.Where(e => own ? e.SystemId == id : e.SystemId != ownId).Select(e => e.Id).FirstOrDefaultAsync(Ct),
                    ["waivers"] = await db.Waivers.Where(e => own ? e.SystemId == id : e.SystemId != ownId).Select(e => e.Id).FirstOrDefaultAsync(Ct),
                    ["risks"] = await db.Risks.Where(e => own ? e.SystemId == id : e.SystemId != ownId).Select(e => e.Id).FirstOrDefaultAsync(Ct),
                    ["incidents"] = await db.Incidents.Where(e => own ? e.SystemId == id : e.SystemId != ownId).Select(e => e.Id).FirstOrDefaultAsync(Ct),
                    ["actions"] = await db.Actions.Where(e => own ? e.SystemId == id : e.SystemId != ownId).Select(e => e.Id).FirstOrDefaultAsync(Ct),
                    ["deployments"] = await db.Deployments.Where(e => e.SystemId == id).Select(e => e.Id).FirstOrDefaultAsync(Ct),
                    ["models"] = await db.ModelVersions.Where(e => e.SystemId == id).Select(e => e.Id).FirstOrDefaultAsync(Ct),
                    ["decisions"] = await db.Decisions.Where(e => e.SystemId == id).Select(e => e.Id).FirstOrDefaultAsync(Ct),
                    ["queue"] = await db.ReviewItems.Where(e => e.SystemId == id).Select(e => e.Id).FirstOrDefaultAsync(Ct),
                    ["items"] = await db.ReviewItems.Where(e => e.SystemId == id).Select(e => e.Id).FirstOrDefaultAsync(Ct),
                    ["keys"] = await db.ApiKeys.Where(k => k.SystemId == id && k.RevokedAt == null).Select(k => k.Id).FirstOrDefaultAsync(Ct),
                };
                var datasets = await db.Datasets.Select(d => d.Slug + " " + d.Id).ToListAsync(Ct);
                records["dataset"] = datasets.Select(d => d.Split(' ')).Where(d => readable.Contains(d[1]) == own).Select(d => d[0]).FirstOrDefault();
                targets.Add(new Target(label, id, slug, records.Where(r => r.Value is not null).ToDictionary(r => r.Key, r => r.Value!)));
            }
            return targets;
        });
    }
}
