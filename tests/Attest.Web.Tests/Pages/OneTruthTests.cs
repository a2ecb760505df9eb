using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Attest.Web.Tests.Support;

namespace Attest.Web.Tests.Pages;

/// <summary>
/// One truth per fact (issue 14): for every demo system, the inventory list, the system page, the controls page, the
/// compliance matrix, the gate page and the standing API agree on the classification, each required control's status
/// and the gate verdict. The pages carry the facts they show as data-* attributes, so the test reads what a person sees.
/// </summary>
public sealed partial class OneTruthTests(DemoAppFixture app) : IClassFixture<DemoAppFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_page_and_the_API_tell_the_same_classification_control_statuses_and_gate_verdict_for_every_demo_system()
    {
        using var client = app.Factory.CreateClient();
        var inventory = await PageAsync(client, "/systems");
        var listed = InventoryRow().Matches(inventory).ToDictionary(m => m.Groups["slug"].Value, m => (Class: m.Groups["class"].Value, Tier: m.Groups["tier"].Value));
        listed.Count.ShouldBe(18, "every demo system is on the first page of the inventory");
        var matrix = MatrixRows(await PageAsync(client, "/compliance"));

        var problems = new List<string>();
        void Agree(string slug, string what, string? page, string? truth)
        {
            if ((page ?? "") != (truth ?? ""))
                problems.Add($"{slug}: {what} says '{page}' but the standing says '{truth}'");
        }

        foreach (var slug in listed.Keys.Order(StringComparer.Ordinal))
        {
            var response = await client.GetAsync($"/api/v1/systems/{slug}/standing", Ct);
            response.StatusCode.ShouldBe(HttpStatusCode.OK, slug);
            var standing = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;
            var state = standing["classification"]!.GetValue<string>();
            var euClass = state switch
            {
                "classified" => standing["eu_ai_act_class"]!.GetValue<string>(),
                "incomplete" => "incomplete",
                _ => "",
            };
            var tier = standing["tier"]?.GetValue<string>() ?? "";
            state.ShouldBe("classified", $"{slug}: every demo system has an intake that decides its class");
            var controls = standing["controls"]!.AsArray().ToDictionary(c => c!["control_id"]!.GetValue<string>(),
                c => (Status: c!["status"]!.GetValue<string>(), Met: c["met"]!.GetValue<bool>()));
            var decision = standing["gate"]?["decision"]?.GetValue<string>() ?? "";

            // Classification: inventory, system page (header and standing card), controls page, matrix, gate page.
            Agree(slug, "the inventory's class", listed[slug].Class, euClass);
            Agree(slug, "the inventory's tier", listed[slug].Tier, tier);
            var systemPage = await PageAsync(client, $"/systems/{slug}");
            var header = Fact(systemPage, "header-classification");
            Agree(slug, "the system page's header class", header?.Class, euClass);
            Agree(slug, "the system page's header tier", header?.Tier, tier);
            var card = Fact(systemPage, "classification");
            Agree(slug, "the system page's classification", card?.Class, euClass);
            Agree(slug, "the system page's tier", card?.Tier, tier);
            Agree(slug, "the system page's gate verdict", DecisionOf(systemPage), decision);

            var controlsPage = await PageAsync(client, $"/systems/{slug}/controls");
            Agree(slug, "the controls page's class", Fact(controlsPage, "classification")?.Class, euClass);
            var shown = ControlCell().Matches(controlsPage).ToDictionary(m => m.Groups["control"].Value, m => m.Groups["status"].Value);
            Agree(slug, "the controls page's list of controls", string.Join(" ", shown.Keys.Order()), string.Join(" ", controls.Keys.Order()));

            matrix.TryGetValue(slug, out var row).ShouldBeTrue($"{slug} has a row in the compliance matrix");
            Agree(slug, "the matrix's class", row!.Class, euClass);
            Agree(slug, "the matrix's tier", row.Tier, tier);
            Agree(slug, "the matrix's list of controls", string.Join(" ", row.Statuses.Keys.Order()), string.Join(" ", controls.Keys.Order()));

            var gatePage = await PageAsync(client, $"/systems/{slug}/gate");
            Agree(slug, "the gate page's verdict", DecisionOf(gatePage), decision);
            Agree(slug, "the gate page's tier", GateTier().Match(gatePage) is { Success: true } t ? t.Groups[1].Value : "", tier);
            var gateControls = GateControl().Matches(gatePage).GroupBy(m => m.Groups["control"].Value)
                .ToDictionary(g => g.Key, g => g.All(m => m.Groups["met"].Value == "true"));

            // Each control's status: the controls page and the matrix show the standing's; the gate never meets a control the
            // standing calls open, nor leaves open one that is met by waiver or not applicable.
            foreach (var (control, truth) in controls)
            {
                Agree(slug, $"the controls page's {control}", shown.GetValueOrDefault(control), truth.Status);
                Agree(slug, $"the matrix's {control}", row.Statuses.GetValueOrDefault(control), truth.Status);
                if (gateControls.TryGetValue(control, out var gateMet))
                {
                    if (gateMet && !truth.Met)
                        problems.Add($"{slug}: the gate page meets {control} but the standing says {truth.Status}");
                    if (!gateMet && truth.Status is "waived" or "not_applicable")
                        problems.Add($"{slug}: the gate page leaves {control} open but the standing says {truth.Status}");
                }
            }
        }

        problems.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_control_with_fresh_evidence_is_satisfied_on_the_controls_page_as_on_the_gate_and_in_the_matrix()
    {
        using var client = app.Factory.CreateClient();

        // The case: credit-scoring's ATT-DATA-02 showed "not started" (the recorded status) beside fresh evidence.
        (await PageAsync(client, "/systems/credit-scoring/controls")).ShouldContain("data-control=\"ATT-DATA-02\" data-status=\"satisfied\"");
        MatrixRows(await PageAsync(client, "/compliance"))["credit-scoring"].Statuses["ATT-DATA-02"].ShouldBe("satisfied");
        (await PageAsync(client, "/systems/credit-scoring/gate")).ShouldContain("data-control=\"ATT-DATA-02\" data-met=\"true\"");
    }

    [Fact]
    public async Task A_control_whose_waiver_expired_is_open_again_and_says_so_in_red()
    {
        using var client = app.Factory.CreateClient();

        var standing = JsonNode.Parse(await client.GetStringAsync("/api/v1/systems/credit-scoring/standing", Ct))!;
        var control = standing["controls"]!.AsArray().Single(c => c!["control_id"]!.GetValue<string>() == "ATT-OVS-02")!;
        control["waiver_expired"]!.GetValue<bool>().ShouldBeTrue();
        control["met"]!.GetValue<bool>().ShouldBeFalse();
        control["status"]!.GetValue<string>().ShouldNotBe("waived");

        var page = await PageAsync(client, "/systems/credit-scoring/controls");
        page.ShouldContain("<span class=\"badge red\">waiver expired</span>");
        (await PageAsync(client, "/systems/credit-scoring/waivers")).ShouldContain(">expired</span>");
    }

    [Fact]
    public async Task The_standing_of_an_unknown_system_is_404()
    {
        using var client = app.Factory.CreateClient();
        (await client.GetAsync("/api/v1/systems/nope/standing", Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    private static async Task<string> PageAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path, Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, path);
        return await response.Content.ReadAsStringAsync(Ct);
    }

    private sealed record ClassFact(string Class, string Tier);

    private sealed record MatrixRow(string Class, string Tier, Dictionary<string, string> Statuses);

    private static ClassFact? Fact(string html, string fact)
    {
        var m = Regex.Match(html, $"data-fact=\"{fact}\"(?: data-state=\"[^\"]*\")? data-class=\"(?<class>[^\"]*)\"(?: data-tier=\"(?<tier>[^\"]*)\")?");
        return m.Success ? new ClassFact(m.Groups["class"].Value, m.Groups["tier"].Value) : null;
    }

    private static string? DecisionOf(string html) => GateFact().Match(html) is { Success: true } m ? m.Groups[1].Value : null;

    private static Dictionary<string, MatrixRow> MatrixRows(string html)
    {
        var rows = new Dictionary<string, MatrixRow>(StringComparer.Ordinal);
        var starts = InventoryRow().Matches(html);
        for (var i = 0; i < starts.Count; i++)
        {
            var end = i + 1 < starts.Count ? starts[i + 1].Index : html.Length;
            var body = html[starts[i].Index..end];
            rows[starts[i].Groups["slug"].Value] = new MatrixRow(starts[i].Groups["class"].Value, starts[i].Groups["tier"].Value,
                ControlCell().Matches(body).ToDictionary(m => m.Groups["control"].Value, m => m.Groups["status"].Value));
        }
        return rows;
    }

    [GeneratedRegex("<tr data-system=\"(?<slug>[^\"]+)\" data-class=\"(?<class>[^\"]*)\" data-tier=\"(?<tier>[^\"]*)\"")]
    private static partial Regex InventoryRow();

    [GeneratedRegex("data-control=\"(?<control>[^\"]+)\" data-status=\"(?<status>[^\"]+)\"")]
    private static partial Regex ControlCell();

    [GeneratedRegex("data-fact=\"gate\" data-decision=\"([^\"]*)\"")]
    private static partial Regex GateFact();

    [GeneratedRegex("data-fact=\"gate\" data-decision=\"[^\"]*\" data-stage=\"[^\"]*\" data-tier=\"([^\"]*)\"")]
    private static partial Regex GateTier();

    [GeneratedRegex("data-control=\"(?<control>[^\"]+)\" data-met=\"(?<met>true|false)\"")]
    private static partial Regex GateControl();
}
