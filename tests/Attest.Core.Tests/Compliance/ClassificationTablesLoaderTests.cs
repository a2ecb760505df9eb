using Attest.Core.DataFiles;
using Attest.Core.Features.Compliance.Intake;
using Attest.Core.Features.Compliance.Tables;
using Attest.Engine.Classification;
using Expected = Attest.Engine.Tests.Classification.Tables;

namespace Attest.Core.Tests.Compliance;

/// <summary>
/// The classifier's tables are data: the shipped obligations and tier policy load to exactly the tables the Engine's
/// classification tests decide with (so their exact expectations hold for the product), and a broken file stops the
/// start naming file, line and field.
/// </summary>
public class ClassificationTablesLoaderTests
{
    private static readonly string ShippedObligations = File.ReadAllText(ObligationTableLoader.DefaultPath);
    private static readonly string ShippedTiers = File.ReadAllText(TierPolicyLoader.DefaultPath);

    [Fact]
    public void The_shipped_obligations_load_to_exactly_the_table_the_Engine_tests_classify_with()
    {
        Describe(ObligationTableLoader.LoadDefault()).ShouldBe(Describe(Expected.Obligations));
    }

    [Fact]
    public void The_shipped_tier_policy_loads_to_exactly_the_policy_the_Engine_tests_classify_with()
    {
        Describe(TierPolicyLoader.LoadDefault()).ShouldBe(Describe(Expected.Tiers));
    }

    [Fact]
    public void The_Annex_III_area_titles_come_from_the_shipped_catalog()
    {
        var tables = ClassificationTablesLoader.LoadDefault(AnnexIiiCatalog.LoadDefault());

        tables.AnnexIiiAreaTitles.OrderBy(p => p.Key).ShouldBe(Expected.AnnexIiiAreaTitles.OrderBy(p => p.Key));
    }

    private static string[] ObligationErrors(string yaml)
    {
        var e = Should.Throw<DataFileException>(() => ObligationTableLoader.Read(yaml, "obligations.yaml"));
        return e.Errors.Select(x => x.ToString()).ToArray();
    }

    private static string[] TierErrors(string yaml)
    {
        var e = Should.Throw<DataFileException>(() => TierPolicyLoader.Read(yaml, "tier-policy-v1.yaml"));
        return e.Errors.Select(x => x.ToString()).ToArray();
    }

    /// <summary>The shipped text with one line replaced, so each error's line is the line of the shipped file.</summary>
    private static string Edit(string text, string from, string to)
    {
        text.ShouldContain(from);
        return text.Replace(from, to, StringComparison.Ordinal);
    }

    private static int LineOf(string text, string fragment) =>
        text.Split('\n').Select((line, i) => (line, i)).First(p => p.line.Contains(fragment, StringComparison.Ordinal)).i + 1;

    [Fact]
    public void An_unknown_role_in_the_obligations_is_named_with_its_line_and_field()
    {
        var yaml = Edit(ShippedObligations, "  - roles: [importer]", "  - roles: [importer, reseller]");

        ObligationErrors(yaml).ShouldBe([
            $"obligations.yaml:{LineOf(yaml, "reseller")}: high_risk[2].roles[1]: expected one of provider, deployer, importer, distributor, authorised_representative, product_manufacturer, got \"reseller\"",
        ]);
    }

    [Fact]
    public void A_role_left_without_high_risk_obligations_is_refused()
    {
        var yaml = Edit(ShippedObligations, "  - roles: [distributor]\n    obligations:\n      - { article: Art 24, title: Obligations of distributors }\n", "");

        ObligationErrors(yaml).ShouldBe([$"obligations.yaml:{LineOf(yaml, "high_risk:")}: high_risk: every role needs a group; missing: distributor"]);
    }

    [Fact]
    public void A_role_in_two_high_risk_groups_is_refused()
    {
        var yaml = Edit(ShippedObligations, "  - roles: [importer]", "  - roles: [importer, deployer]");

        ObligationErrors(yaml).ShouldBe([$"obligations.yaml:{LineOf(yaml, "[importer, deployer]")}: high_risk[2].roles: deployer is already in high_risk[1]"]);
    }

    [Fact]
    public void A_condition_where_it_means_nothing_an_unknown_milestone_and_a_bad_article_are_all_reported()
    {
        var yaml = Edit(ShippedObligations, "{ article: Art 4, title: AI literacy of staff and others operating the system }",
            "{ article: Art 4, title: AI literacy of staff and others operating the system, when: fria_required }");
        yaml = Edit(yaml, "milestone: gpai_models\n  obligations:\n    - { article: Art 53(1)(a)", "milestone: gpai_modles\n  obligations:\n    - { article: Article 53(1)(a)");

        ObligationErrors(yaml).ShouldBe([
            $"obligations.yaml:{LineOf(yaml, "when: fria_required }")}: ai_literacy.obligations[0].when: no condition applies here; every obligation of this group applies",
            $"obligations.yaml:{LineOf(yaml, "gpai_modles")}: gpai.milestone: expected one of prohibitions_and_ai_literacy, gpai_models, annex_iii_high_risk, annex_i_high_risk, transparency, transparency_marking, got \"gpai_modles\"",
            $"obligations.yaml:{LineOf(yaml, "Article 53(1)(a)")}: gpai.obligations[0].article: expected an article such as \"Art 9\" or \"Art 53(1)(a)\", got \"Article 53(1)(a)\"",
        ], ignoreOrder: true);
    }

    [Fact]
    public void A_missing_class_floor_an_unknown_tier_and_an_empty_condition_are_named_with_their_lines()
    {
        var yaml = Edit(ShippedTiers, "  limited_risk: { tier: medium, factor: \"transparency duties (Art 50): at least medium\" }\n", "");
        yaml = Edit(yaml, "high_risk: { tier: high,", "high_risk: { tier: severe,");
        yaml = Edit(yaml, "when: { personal_data: [special_category] }", "when: {}");

        TierErrors(yaml).ShouldBe([
            $"tier-policy-v1.yaml:{LineOf(yaml, "tier: severe")}: class_floors.high_risk.tier: expected one of low, medium, high, critical, got \"severe\"",
            $"tier-policy-v1.yaml:{LineOf(yaml, "prohibited: { tier: critical")}: class_floors.limited_risk: required floor is missing",
            $"tier-policy-v1.yaml:{LineOf(yaml, "when: {}")}: raises[1].when: an empty condition would raise every system; name at least one condition",
        ], ignoreOrder: true);
    }

    [Fact]
    public void A_tier_policy_of_another_format_or_with_an_unknown_condition_is_refused()
    {
        var yaml = Edit(ShippedTiers, "format: attest.tier-policy/v1", "format: attest.tier-policy/v2");
        yaml = Edit(yaml, "when: { autonomy: [fully_automated] }", "when: { autonomy: [fully_automated], sector: [health] }");

        TierErrors(yaml).ShouldBe([
            $"tier-policy-v1.yaml:{LineOf(yaml, "format:")}: format: expected attest.tier-policy/v1, got \"attest.tier-policy/v2\"",
            $"tier-policy-v1.yaml:{LineOf(yaml, "sector")}: raises[0].when.sector: unknown key; expected one of autonomy, personal_data, deployment, affected_people_at_least",
        ], ignoreOrder: true);
    }

    [Fact]
    public void Broken_YAML_is_a_positioned_error_not_an_exception()
    {
        TierErrors("format: attest.tier-policy/v1\nclass_floors: [\n").ShouldHaveSingleItem().ShouldStartWith("tier-policy-v1.yaml:3: invalid YAML:");
        ObligationErrors("").ShouldHaveSingleItem().ShouldStartWith("obligations.yaml");
    }

    /// <summary>A table as sorted text lines, so two tables compare by content (sets and dictionaries have no order).</summary>
    private static string Describe(ObligationTable t)
    {
        static string Group(string name, ObligationGroup g) =>
            $"{name} [{string.Join(",", g.Roles.Select(WireName.Of).Order())}] from {(g.Milestone is { } m ? WireName.Of(m) : "route")}: "
            + string.Join(" | ", g.Obligations.Select(o => $"{o.Article} = {o.Title} ({WireName.Of(o.When)})"));
        return string.Join("\n", [
            Group("ai_literacy", t.AiLiteracy), Group("prohibited", t.Prohibited),
            .. t.HighRisk.Select((g, i) => Group($"high_risk[{i}]", g)),
            Group("art_6_3", t.Art63Derogation), Group("gpai", t.Gpai), Group("gpai_systemic_risk", t.GpaiSystemicRisk),
            "transparency provider: " + string.Join(",", t.TransparencyProviderRoles.Select(WireName.Of).Order()),
            "transparency deployer: " + string.Join(",", t.TransparencyDeployerRoles.Select(WireName.Of).Order()),
        ]);
    }

    private static string Describe(TierPolicy p)
    {
        static string Set<T>(IReadOnlySet<T>? set) where T : struct, Enum => set is null ? "-" : string.Join(",", set.Select(WireName.Of).Order());
        return string.Join("\n", [
            .. p.ClassFloors.OrderBy(f => f.Key).Select(f => $"class {WireName.Of(f.Key)}: {WireName.Of(f.Value.Tier)} ({f.Value.Factor})"),
            .. p.GpaiFloors.OrderBy(f => f.Key).Select(f => $"gpai {WireName.Of(f.Key)}: {WireName.Of(f.Value.Tier)} ({f.Value.Factor})"),
            .. p.Raises.Select(r => $"raise {r.Factor}: autonomy {Set(r.Autonomy)}; personal data {Set(r.PersonalData)}; deployment {Set(r.Deployment)}; people {r.AffectedPeopleAtLeast}"),
        ]);
    }
}
