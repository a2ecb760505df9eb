using Attest.Core.Features.Compliance.Controls;
using Attest.Engine.Classification;
using Attest.Engine.Controls;
using Attest.Engine.Rules;

namespace Attest.Core.Tests.Controls;

// Expected values: the applies_when rules of data/controls/*.yaml applied by hand to each intake.
public class ApplicableControlsTests
{
    private static readonly ControlLibrary Library = ControlLibraryLoader.LoadDefault();

    private static IntakeAnswers Provider() => new() { Name = "X", OperatorRole = OperatorRole.Provider, EuNexus = true };

    private static IReadOnlyList<string> Required(IntakeAnswers answers, LifecycleStage? stage = null) =>
        Library.Applicable(answers, Classifier.Classify(answers, Attest.Core.Tests.Support.ShippedTables.Regulation, RegulatoryCalendar.Original2024), stage).Select(c => c.Id).ToArray();

    [Fact]
    public void A_minimal_risk_internal_tool_needs_the_baseline_controls_in_library_order()
    {
        Required(Provider()).ShouldBe([
            "ATT-DATA-01", "ATT-DEV-02", "ATT-DEV-03", "ATT-DEV-07",
            "ATT-GOV-01", "ATT-GOV-02", "ATT-GOV-03", "ATT-GOV-04", "ATT-GOV-05", "ATT-GOV-07", "ATT-GOV-09", "ATT-GOV-10",
            "ATT-OPS-02", "ATT-OPS-04", "ATT-OPS-05", "ATT-RISK-01", "ATT-RISK-02"]);
    }

    [Fact]
    public void Lifecycle_controls_apply_only_from_their_stage_when_the_stage_is_known()
    {
        var atDesign = Required(Provider(), LifecycleStage.Design);

        atDesign.ShouldNotContain("ATT-GOV-09");
        atDesign.ShouldNotContain("ATT-OPS-02");
        atDesign.ShouldNotContain("ATT-OPS-05");
        atDesign.Count.ShouldBe(14);
        Required(Provider(), LifecycleStage.Operation).ShouldContain("ATT-OPS-02");
    }

    [Fact]
    public void A_high_risk_provider_needs_the_Chapter_III_provider_controls_but_not_the_deployer_ones()
    {
        var required = Required(Provider() with { AnnexIii = ["III.4(a)"], PersonalData = PersonalDataKind.Personal });

        foreach (var id in new[] { "ATT-RISK-01", "ATT-DATA-01", "ATT-DATA-02", "ATT-DEV-01", "ATT-OPS-01", "ATT-OVS-02", "ATT-OVS-01",
                     "ATT-DEV-05", "ATT-GOV-12", "ATT-DEV-08", "ATT-OPS-02", "ATT-OPS-03", "ATT-RISK-04" })
            required.ShouldContain(id);
        foreach (var id in new[] { "ATT-OVS-06", "ATT-RISK-05", "ATT-GPAI-01", "ATT-EU-01", "ATT-EU-02", "ATT-DEV-09" })
            required.ShouldNotContain(id);
    }

    [Fact]
    public void A_public_body_deploying_a_high_risk_system_needs_Art_26_and_the_fria_but_not_provider_controls()
    {
        var required = Required(Provider() with
        {
            OperatorRole = OperatorRole.Deployer,
            AnnexIii = ["III.5(a)"],
            DeployerContext = new DeployerContext { PublicBodyOrPublicService = true },
        });

        foreach (var id in new[] { "ATT-OVS-06", "ATT-RISK-05", "ATT-OVS-01", "ATT-OPS-03" })
            required.ShouldContain(id);
        foreach (var id in new[] { "ATT-DEV-05", "ATT-GOV-12", "ATT-DEV-08", "ATT-DATA-01", "ATT-OVS-02" })
            required.ShouldNotContain(id);
    }

    [Fact]
    public void A_prohibited_system_needs_the_stop_control()
    {
        var required = Required(Provider() with { ProhibitedPractices = [ProhibitedPractice.SocialScoring] });

        required.ShouldContain("ATT-EU-01");
        required.ShouldNotContain("ATT-GOV-04");
    }

    [Fact]
    public void A_systemic_risk_GPAI_model_needs_the_Chapter_V_controls()
    {
        var required = Required(Provider() with { Gpai = new GpaiAnswers { IsGpaiModel = true, TrainingComputeFlops = 5e25 } });

        foreach (var id in new[] { "ATT-GPAI-01", "ATT-GPAI-02", "ATT-GPAI-03", "ATT-OPS-03", "ATT-RISK-08" })
            required.ShouldContain(id);
    }

    [Fact]
    public void Art_50_controls_follow_the_duty_holder()
    {
        var chatbot = Required(Provider() with
        {
            Transparency = new TransparencyAnswers { InteractsWithNaturalPersons = true },
            UsesGenerativeAi = true,
            Deployment = Deployment.External,
        });
        chatbot.ShouldContain("ATT-OVS-03");
        chatbot.ShouldContain("ATT-SEC-02");
        chatbot.ShouldContain("ATT-SEC-07");

        var deepFakes = Required(Provider() with { OperatorRole = OperatorRole.Deployer, Transparency = new TransparencyAnswers { DeepFake = true } });
        deepFakes.ShouldContain("ATT-OVS-05");
        deepFakes.ShouldNotContain("ATT-OVS-03");
    }

    [Fact]
    public void An_Art_6_3_exemption_needs_the_documented_assessment()
    {
        Required(Provider() with { AnnexIii = ["III.4(a)"], Art63Exemption = Art63Exemption.NarrowProceduralTask }).ShouldContain("ATT-DEV-09");
    }
}
