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
}
