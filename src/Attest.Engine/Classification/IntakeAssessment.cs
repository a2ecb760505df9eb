using Attest.Engine.Controls;
using Attest.Engine.Intake;
using Attest.Engine.Rules;

namespace Attest.Engine.Classification;

/// <summary>
/// Everything the intake decides about one system: its classification, the controls it requires and
/// the specialist reviews it needs. The pure middle of "parse intake → assess → store/show". An incomplete classification
/// requires no controls and routes no reviews yet: both follow from a class, and there is none.
/// </summary>
public sealed record IntakeAssessment(
    IntakeAnswers Answers,
    Classification Classification,
    IReadOnlyList<Control> RequiredControls,
    IReadOnlyList<ReviewRoute> Review)
{
    public static IntakeAssessment Assess(
        IntakeAnswers answers, ClassificationTables tables, RegulatoryCalendar calendar, ControlLibrary library, IReadOnlyList<RoutingRule> routingRules,
        LifecycleStage? lifecycleStage = null)
    {
        ArgumentNullException.ThrowIfNull(library);
        ArgumentNullException.ThrowIfNull(routingRules);
        var classification = Classifier.Classify(answers, tables, calendar);
        if (!classification.IsComplete)
            return new IntakeAssessment(answers, classification, [], []);
        var facts = SystemFacts.From(answers, classification, lifecycleStage);
        return new IntakeAssessment(answers, classification, library.Applicable(facts), ReviewRouting.Route(routingRules, facts));
    }
}
