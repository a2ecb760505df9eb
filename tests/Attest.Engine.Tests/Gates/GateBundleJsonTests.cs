using System.Text;
using Attest.Engine.Classification;
using Attest.Engine.Controls;
using Attest.Engine.Evaluation.Policy;
using Attest.Engine.Evaluation.Uncertainty;
using Attest.Engine.Gates;
using Attest.Engine.Ledger;

namespace Attest.Engine.Tests.Gates;

/// <summary>The bundle file: every field reads back as written, the hash covers every value, and malformed input is named by path.</summary>
public class GateBundleJsonTests
{
    private static readonly GateBundle Bundle = new()
    {
        AttestVersion = "1.2.3",
        ExportedAt = new DateTimeOffset(2026, 11, 23, 9, 30, 0, 123, TimeSpan.Zero).AddTicks(4567),
        SystemId = "sys_1",
        SystemSlug = "credit-scoring",
        Tier = RiskTier.Critical,
        ModelVersion = new BundleModelVersion("mv_1", "3.1.0", "credit-pd-gbm@3.1.0"),
        Gates =
        [
            new GateDefinition
            {
                Stage = GateStage.PreLaunch,
                Tier = RiskTier.Critical,
                Source = "data/gates/gates.yaml:30",
                Controls = new ControlRequirement(EvidenceRule.Fresh, ["ATT-GOV-01", "ATT-DATA-02"]),
                EvaluationRules =
                [
                    new GateEvaluationRule(new PolicyRule("impact-ratio", "impact_ratio", "*", null, PolicyComparator.GreaterOrEqual, 0.8, PolicyJudgement.ConfidenceBound, 30), "ATT-DATA-02"),
                    new GateEvaluationRule(new PolicyRule("acc", "accuracy", null, null, PolicyComparator.Greater, 1e-5, PolicyJudgement.CiUpper)),
                ],
                SignOffs = true,
                RisksFrom = RiskSeverity.High,
                NoExpiredWaivers = true,
                IncidentsFrom = IncidentSeverity.Severe,
            },
            new GateDefinition { Stage = GateStage.DesignReview, Tier = RiskTier.Critical, Controls = new ControlRequirement(EvidenceRule.None) },
        ],
        Facts = new GateSnapshot
        {
            System = "credit-scoring",
            ModelVersion = "credit-pd-gbm@3.1.0",
            CurrentModelVersionId = "mv_1",
            Controls = [new SnapshotControl("ATT-GOV-01", "AI policy \"approved\"", ControlStatus.InProgress, ["eu-ai-act:art-9"], ["policy_document"], 12)],
            Evidence = [new SnapshotEvidence("ev_1", "policy_document", ["ATT-GOV-01"], ["mv_1"], new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero), new DateOnly(2027, 1, 2))],
            Evaluations =
            [
                new SnapshotEvaluation("ev_2", new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero), new DateOnly(2026, 8, 1),
                [
                    new EvaluationMeasurement("impact_ratio", "sex", "f", 0.8043478260869565, 90, new Interval(0.71, 0.93), "ev_2"),
                    new EvaluationMeasurement("equalized_odds_difference", "sex", null, double.NaN, 90, null, "ev_2"),
                    new EvaluationMeasurement("accuracy", null, null, double.PositiveInfinity, 200, new Interval(double.NegativeInfinity, 1), "ev_2"),
                ]),
            ],
            RequiredSignOffs = [new RequiredSignOff("legal", "Processes personal data.")],
            SignOffs = new Dictionary<GateStage, IReadOnlyList<SignOffFact>> { [GateStage.PreLaunch] = [new SignOffFact("legal", SignOffDecision.RequestChanges, "user:lee")] },
            Waivers = [new WaiverFact("wv_1", "ATT-GOV-01", WaiverState.Approved, new DateOnly(2026, 12, 31))],
            Risks = [new RiskFact("R-1", "Proxy discrimination", RiskSeverity.Critical, RiskTreatment.Open, "ATT-DATA-02"), new RiskFact("R-2", "Drift", RiskSeverity.Low, RiskTreatment.Accepted)],
            Incidents = [new IncidentFact("inc_1", "Outage", IncidentSeverity.Severe, true)],
        },
    };

    private static string Seal(GateBundle bundle)
    {
        var (document, bytes) = GateBundleDocument.Prepare(bundle);
        return GateBundleDocument.Write(document, new GateBundleIntegrity(GateBundleDocument.Sha256(bytes), null));
    }

    [Fact]
    public void Every_field_reads_back_as_written_including_non_finite_numbers()
    {
        var text = Seal(Bundle);
        var opened = GateBundleDocument.Open(text);

        CanonicalJson.ToCanonicalString(GateBundleJson.ToJson(opened.Bundle)).ShouldBe(CanonicalJson.ToCanonicalString(GateBundleJson.ToJson(Bundle)));
        opened.Bundle.ExportedAt.ShouldBe(Bundle.ExportedAt);
        var measurements = opened.Bundle.Facts.Evaluations[0].Measurements;
        double.IsNaN(measurements[1].Value).ShouldBeTrue();
        measurements[2].Value.ShouldBe(double.PositiveInfinity);
        measurements[2].Interval.ShouldBe(new Interval(double.NegativeInfinity, 1));
        opened.Bundle.Gates[0].EvaluationRules[1].Rule.ShouldBe(Bundle.Gates[0].EvaluationRules[1].Rule);
        opened.Bundle.Gates[0].Controls!.Only.ShouldBe(["ATT-GOV-01", "ATT-DATA-02"]);
        opened.Bundle.Gates[1].RisksFrom.ShouldBeNull();
        opened.Bundle.Facts.SignOffs[GateStage.PreLaunch].ShouldBe([new SignOffFact("legal", SignOffDecision.RequestChanges, "user:lee")]);
        text.ShouldContain("\"format\": \"attest.gate-bundle/v1\"");
        text.ShouldContain("\"value\": \"NaN\"");
    }

    [Fact]
    public void The_hash_covers_every_value_but_not_the_layout()
    {
        var text = Seal(Bundle);
        var opened = GateBundleDocument.Open(text);
        // Layout may change (a compact re-serialisation still opens) ...
        GateBundleDocument.Open(System.Text.Json.Nodes.JsonNode.Parse(text)!.ToJsonString()).Integrity.Sha256.ShouldBe(opened.Integrity.Sha256);

        // ... but changing any digit of any value is detected.
        var changed = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (!char.IsAsciiDigit(text[i]) || text.IndexOf("\"integrity\"", StringComparison.Ordinal) < i) continue;
            var altered = new StringBuilder(text) { [i] = text[i] == '9' ? '8' : (char)(text[i] + 1) }.ToString();
            Should.Throw<FormatException>(() => GateBundleDocument.Open(altered), $"digit at {i}");
            changed++;
        }
        changed.ShouldBeGreaterThan(100);
    }

    [Theory]
    [InlineData("{\"a\":1}", "integrity: missing (not an exported gate bundle)")]
    [InlineData("[1]", "not a JSON object")]
    [InlineData("{", "not JSON (")]
    public void Malformed_files_are_named(string text, string expectedStart) =>
        Should.Throw<FormatException>(() => GateBundleDocument.Open(text)).Message.ShouldStartWith(expectedStart);

    [Fact]
    public void A_wrong_member_is_named_by_its_path()
    {
        var document = GateBundleDocument.Prepare(Bundle).Document;
        document["facts"]!["waivers"]![0]!["state"] = "granted";

        Should.Throw<FormatException>(() => GateBundleJson.FromJson(document)).Message
            .ShouldBe("facts.waivers[0].state: expected one of requested, approved, rejected, revoked, got \"granted\"");
        document["format"] = "attest.gate-bundle/v9";
        Should.Throw<FormatException>(() => GateBundleJson.FromJson(document)).Message.ShouldBe("format: expected \"attest.gate-bundle/v1\", got \"attest.gate-bundle/v9\"");
    }
}
