using Attest.Engine.Inventory;

namespace Attest.Engine.Tests.Inventory;

public sealed class SlugTests
{
    [Theory]
    [InlineData("credit-scoring", true)]
    [InlineData("a", true)]
    [InlineData("gpt4o-gateway-2", true)]
    [InlineData("Credit-Scoring", false)]
    [InlineData("credit--scoring", false)]
    [InlineData("-credit", false)]
    [InlineData("credit-", false)]
    [InlineData("credit scoring", false)]
    [InlineData("crédit", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Slugs_are_lowercase_words_joined_by_single_hyphens(string? slug, bool valid) => Slug.IsValid(slug).ShouldBe(valid);

    [Fact]
    public void Slugs_are_at_most_64_characters()
    {
        Slug.IsValid(new string('a', 64)).ShouldBeTrue();
        Slug.IsValid(new string('a', 65)).ShouldBeFalse();
    }

    [Theory]
    [InlineData("Consumer credit scoring", "consumer-credit-scoring")]
    [InlineData("Consumer Crédit Scoring (EU)", "consumer-credit-scoring-eu")]
    [InlineData("  GPT-4o gateway -- v2!  ", "gpt-4o-gateway-v2")]
    [InlineData("Überprüfung der Anträge", "uberprufung-der-antrage")]
    [InlineData("=HYPERLINK(\"x\")", "hyperlink-x")]
    [InlineData("!!!", null)]
    [InlineData("信用评分", null)]
    [InlineData("", null)]
    public void A_slug_is_suggested_from_a_name(string name, string? expected)
    {
        Slug.Suggest(name).ShouldBe(expected);
        if (expected is not null) Slug.IsValid(expected).ShouldBeTrue();
    }

    [Fact]
    public void A_long_name_is_cut_at_a_word_within_64_characters()
    {
        var slug = Slug.Suggest(string.Join(" ", Enumerable.Repeat("governance", 12)))!;
        slug.Length.ShouldBeLessThanOrEqualTo(64);
        slug.ShouldEndWith("governance");
        Slug.IsValid(slug).ShouldBeTrue();
    }
}
