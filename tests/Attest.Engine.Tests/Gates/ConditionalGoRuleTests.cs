using Attest.Engine.Gates;

namespace Attest.Engine.Tests.Gates;

public sealed class ConditionalGoRuleTests
{
    private static readonly (string, RequirementKind)[] Unmet =
        [("control:ATT-RISK-01", RequirementKind.Control), ("evaluation:impact-ratio:age_band", RequirementKind.Evaluation), ("sign_off:legal", RequirementKind.SignOff)];

    [Fact]
    public void Conditions_that_answer_every_unmet_requirement_of_an_allowed_kind_are_accepted()
    {
        ConditionalGoRule.Check(Unmet[..2], [["control:ATT-RISK-01"], ["evaluation:impact-ratio:age_band", "control:ATT-RISK-01"]], [RequirementKind.Control, RequirementKind.Evaluation])
            .ShouldBeEmpty();
        ConditionalGoRule.Check(Unmet, [["control:ATT-RISK-01", "evaluation:impact-ratio:age_band", "sign_off:legal"]], null).ShouldBeEmpty("null: the gate allows any kind to stay open");
    }

    [Fact]
    public void A_kind_the_gate_does_not_let_stay_open_refuses_the_conditional_go()
    {
        var problems = ConditionalGoRule.Check(Unmet, [["control:ATT-RISK-01", "evaluation:impact-ratio:age_band", "sign_off:legal"]], [RequirementKind.Control, RequirementKind.Evaluation]);
        problems.ShouldBe([new ConditionalGoProblem("decision", "A conditional go at this gate may leave open only control, evaluation; meet these first or decide no_go: sign_off:legal.")]);
    }

    [Fact]
    public void Every_condition_names_unmet_requirements_and_together_they_answer_all()
    {
        var problems = ConditionalGoRule.Check(Unmet[..2], [[], ["control:ATT-RISK-01", "risk:R-1"]], null);
        problems.ShouldBe([
            new ConditionalGoProblem("conditions[0].answers", "is required: the unmet requirements this condition answers (e.g. control:ATT-RISK-01)"),
            new ConditionalGoProblem("conditions[1].answers", "'risk:R-1' is not an unmet requirement of this gate"),
            new ConditionalGoProblem("conditions", "every unmet requirement needs a condition that answers it; not answered: evaluation:impact-ratio:age_band"),
        ]);
    }

    [Fact]
    public void On_a_passing_gate_conditions_need_not_answer_anything()
    {
        ConditionalGoRule.Check([], [[]], [RequirementKind.Control]).ShouldBeEmpty();
    }
}
