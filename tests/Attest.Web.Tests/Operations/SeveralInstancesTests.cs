using System.Net;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Attest.Core.Common;
using Attest.Core.Features.Identity;
using Attest.Core.Features.Ledger;
using Attest.Core.Tests.Support;
using Attest.Engine.Ledger;
using Attest.Web.Tests.Support;

namespace Attest.Web.Tests.Operations;

/// <summary>
/// Issue 18: two web instances, each with its own data directory, on one PostgreSQL database and one shared secrets key —
/// a sign-in started on one finishes on the other and its cookie works on both; concurrent writes on both make one ledger
/// that either instance exports and that verifies.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed partial class SeveralInstancesTests(PostgresServer server) : IAsyncLifetime
{
    private const string Password = "correct horse battery staple";
    private AttestWebFactory _a = null!;
    private AttestWebFactory _b = null!;

    private CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        var settings = new Dictionary<string, string>
        {
            ["Attest:Postgres"] = await server.CreateDatabaseAsync(),
            ["Attest:SecretsKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Attest:Monitoring:Scheduler"] = "off",
        };
        _a = new AttestWebFactory(settings: settings);
        _b = new AttestWebFactory(settings: settings);
        _ = _a.Services;
        _ = _b.Services;
        await _a.WithServiceAsync<CreateUser, CreatedUser>(async c =>
            (await c.ExecuteAsync(new UserInput { UserName = "ada", DisplayName = "Ada Admin", Roles = ["admin"], Password = Password }, CallerIdentity.Attest, Ct)).Value!);
    }

    public async ValueTask DisposeAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
    }

    [Fact]
    public async Task A_sign_in_form_from_instance_A_is_accepted_by_B_and_B_s_session_cookie_works_on_A()
    {
        using var onA = _a.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        using var onB = _b.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });

        using var form = await onA.GetAsync("/signin", Ct);
        var antiforgeryCookie = Cookies(form);
        var token = WebUtility.HtmlDecode(TokenPattern().Match(await form.Content.ReadAsStringAsync(Ct)).Groups[1].Value);
        using var signIn = new HttpRequestMessage(HttpMethod.Post, "/account/signin")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["user_name"] = "ada",
                ["password"] = Password,
                ["return_url"] = "/systems",
                ["__RequestVerificationToken"] = token,
            }),
        };
        signIn.Headers.Add("Cookie", antiforgeryCookie);
        using var signedIn = await onB.SendAsync(signIn, Ct);
        signedIn.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        signedIn.Headers.Location!.OriginalString.ShouldBe("/systems");
        var session = Cookies(signedIn);
        session.ShouldNotBeEmpty();

        foreach (var client in new[] { onA, onB })
        {
            using var page = new HttpRequestMessage(HttpMethod.Get, "/systems");
            page.Headers.Add("Cookie", session);
            using var response = await client.SendAsync(page, Ct);
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
        }
    }

    [Fact]
    public async Task Concurrent_writes_on_both_instances_make_one_ledger_that_each_exports_and_that_verifies()
    {
        var key = await _a.WithServiceAsync<CreateApiKey, string>(async c =>
            (await c.ExecuteAsync(new ApiKeyInput { Name = "writer", Roles = ["admin"] }, CallerIdentity.Attest, Ct)).Value!.Secret);
        var clients = new[] { _a.CreateClient(), _b.CreateClient() };
        foreach (var c in clients) c.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);

        var writes = Enumerable.Range(0, 30).Select(async i =>
        {
            var client = clients[i % 2];
            using var created = await client.PostAsync("/api/v1/systems", Json.Body(Json.SystemJson($"system-{i}")), Ct);
            created.StatusCode.ShouldBe(HttpStatusCode.Created);
            if (i % 10 == 9)
            {
                using var checkpoint = await client.PostAsync("/api/v1/ledger/checkpoints", null, Ct);
                checkpoint.IsSuccessStatusCode.ShouldBeTrue();
            }
        });
        await Task.WhenAll(writes);

        KnownCheckpoint? previous = null;
        foreach (var factory in new[] { _a, _b, _a })
        {
            using var export = new MemoryStream();
            (await factory.WithServiceAsync<ExportLedger, Result<LedgerExportSummary>>(e => e.ExecuteAsync(export, Ct))).IsOk.ShouldBeTrue();
            var trusted = new[] { _a, _b }.Where(f => LedgerKeyRing.Exists(f.DataDirectory))
                .Select(f => LedgerKeyRing.Open(f.DataDirectory).ActiveKey.PublicKeyBytes()).ToList();
            export.Position = 0;
            var result = LedgerExportVerification.Verify(export, new LedgerTrustOptions { TrustedKeys = trusted, Known = previous is null ? [] : [previous] });
            result.Problem.ShouldBeNull();
            result.Entries.ShouldBeGreaterThanOrEqualTo(30);
            var latest = result.LatestCheckpoint!.Checkpoint;
            previous = new KnownCheckpoint(latest.TreeSize, latest.RootHash, "the previous instance's export");
        }
        // Each instance publishes every key that signed, its own and the other's.
        var signers = new[] { _a, _b }.Select(f => LedgerKeyRing.Open(f.DataDirectory).ActiveKeyId).ToList();
        foreach (var c in clients)
        {
            var listed = System.Text.Json.Nodes.JsonNode.Parse(await c.GetStringAsync("/api/v1/ledger/public-keys", Ct))!["items"]!.AsArray()
                .Select(k => k!["key_id"]!.GetValue<string>()).ToList();
            listed.ShouldBe(signers, ignoreOrder: true);
            c.Dispose();
        }
    }

    private static string Cookies(HttpResponseMessage response) =>
        string.Join("; ", response.Headers.TryGetValues("Set-Cookie", out var values) ? values.Select(v => v.Split(';')[0]) : []);

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
