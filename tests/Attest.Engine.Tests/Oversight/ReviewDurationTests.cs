using Attest.Engine.Oversight;

namespace Attest.Engine.Tests.Oversight;

public sealed class ReviewDurationTests
{
    [Theory]
    [InlineData("30m", 30)]
    [InlineData("4h", 240)]
    [InlineData("2d", 2880)]
    [InlineData("1w", 10080)]
    [InlineData("1d12h", 2160)]
    [InlineData("1h30m", 90)]
    [InlineData(" 4h ", 240)]
    public void An_SLA_is_a_number_and_a_unit(string text, int minutes) =>
        ReviewDuration.Parse(text).ShouldBe(TimeSpan.FromMinutes(minutes));

    [Theory]
    [InlineData("soon")]
    [InlineData("4")]
    [InlineData("h")]
    [InlineData("4x")]
    [InlineData("-4h")]
    [InlineData("12h1d")] // units in decreasing order
    [InlineData("1h1h")]
    [InlineData("0m")]    // at least a minute
    [InlineData("400d")]  // at most a year
    [InlineData("4 h")]
    [InlineData("")]
    [InlineData(null)]
    public void Anything_else_is_not_a_duration(string? text) => ReviewDuration.Parse(text).ShouldBeNull();

    [Theory]
    [InlineData(90, "1h30m")]
    [InlineData(2880, "2d")]
    [InlineData(10080, "1w")]
    [InlineData(11521, "1w1d1m")]
    public void The_shortest_spelling_reads_back_to_the_same_duration(int minutes, string text)
    {
        ReviewDuration.Format(TimeSpan.FromMinutes(minutes)).ShouldBe(text);
        ReviewDuration.Parse(text).ShouldBe(TimeSpan.FromMinutes(minutes));
    }
}
