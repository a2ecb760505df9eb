using Attest.Engine.Controls;
using Attest.Engine.Rules;

namespace Attest.Engine.Tests.Controls;

public class FrameworkCoverageTests
{
    private static Control Make(string id, params string[] mappings) => new()
    {
        Id = id,
        Title = id,
        Objective = id,
        Group = new ControlGroup("g", "G"),
        EvidenceTypes = ["sign_off"],
        RenewalMonths = 12,
        AppliesWhen = ApplicabilityRule.Always,
        Mappings = mappings.Select(m => { RequirementRef.TryParse(m, out var r); return r!; }).ToArray(),
    };

    private static readonly FrameworkPack EuAiAct = new()
    {
        Id = "eu-ai-act",
        Title = "EU AI Act",
        Version = "2024/1689",
        Source = "test",
        Licence = "test",
        Requirements = [new("art-9", "EU AI Act Art 9", ""), new("art-10", "EU AI Act Art 10", ""), new("art-11", "EU AI Act Art 11", "")],
    };

    [Fact]
    public void Coverage_counts_the_satisfied_required_controls_of_each_requirement()
    {
        Control[] required = [Make("C-1", "eu-ai-act:art-9"), Make("C-2", "eu-ai-act:art-9"), Make("C-3", "eu-ai-act:art-9", "eu-ai-act:art-10"), Make("C-4", "eu-ai-act:art-9"), Make("C-5", "eu-ai-act:art-9")];
        var statuses = new Dictionary<string, ControlStatus>
        {
            ["C-1"] = ControlStatus.Satisfied,
            ["C-2"] = ControlStatus.Satisfied,
            ["C-3"] = ControlStatus.Satisfied,
            ["C-4"] = ControlStatus.InProgress,
            ["C-5"] = ControlStatus.NotApplicable,
        };

        var coverage = FrameworkCoverage.For(EuAiAct, required, statuses);

        coverage.Select(c => c.Describe()).ShouldBe(["EU AI Act Art 9: 3 of 4 controls satisfied", "EU AI Act Art 10: 1 of 1 control satisfied"]);
        coverage[0].IsCovered.ShouldBeFalse();
        coverage[1].IsCovered.ShouldBeTrue();
    }

    [Fact]
    public void A_control_without_a_status_is_not_started_and_waivers_are_shown()
    {
        var coverage = FrameworkCoverage.For(EuAiAct, [Make("C-1", "eu-ai-act:art-11"), Make("C-2", "eu-ai-act:art-11")],
            new Dictionary<string, ControlStatus> { ["C-2"] = ControlStatus.Waived });

        coverage.ShouldHaveSingleItem().Describe().ShouldBe("EU AI Act Art 11: 0 of 2 controls satisfied, 1 waived");
    }

    [Fact]
    public void Evidence_is_due_for_renewal_after_the_controls_period()
    {
        Make("C-1").RenewalDue(new DateOnly(2026, 1, 31)).ShouldBe(new DateOnly(2027, 1, 31));
    }
}
