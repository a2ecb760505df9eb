using Attest.Engine.Incidents;

namespace Attest.Engine.Tests.Incidents;

public sealed class RepeatFindingsTests
{
    private static DateTimeOffset Day(int y, int m, int d) => new(y, m, d, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_same_root_cause_on_two_systems_within_12_months_flags_both()
    {
        var flagged = RepeatFindings.Flag(
        [
            new RootCauseFinding("inc_a", "sys_1", "data_quality", Day(2025, 3, 1)),
            new RootCauseFinding("inc_b", "sys_2", "data_quality", Day(2026, 3, 1)),
            new RootCauseFinding("inc_c", "sys_1", "data_quality", Day(2025, 6, 1)),   // same system as inc_a: repeats inc_b only
            new RootCauseFinding("inc_d", "sys_3", "monitoring_gap", Day(2026, 1, 1)),
        ]);
        flagged.Keys.Order(StringComparer.Ordinal).ShouldBe(["inc_a", "inc_b", "inc_c"]);
        flagged["inc_b"].ShouldBe(["inc_a", "inc_c"]);
        flagged["inc_a"].ShouldBe(["inc_b"]);
    }

    [Fact]
    public void More_than_12_months_apart_or_on_one_system_is_no_repeat()
    {
        RepeatFindings.Flag(
        [
            new RootCauseFinding("inc_a", "sys_1", "data_quality", Day(2025, 3, 1)),
            new RootCauseFinding("inc_b", "sys_2", "data_quality", Day(2026, 3, 2)),
            new RootCauseFinding("inc_c", "sys_1", "data_quality", Day(2025, 4, 1)),
        ]).Keys.ShouldBe(["inc_b", "inc_c"], ignoreOrder: true);
        RepeatFindings.Within12Months(Day(2024, 2, 29), Day(2025, 2, 28)).ShouldBeTrue();
        RepeatFindings.Within12Months(Day(2024, 2, 29), Day(2025, 3, 1)).ShouldBeFalse();
    }
}
