using Attest.Engine.Assurance;

namespace Attest.Engine.Tests.Assurance;

/// <summary>
/// The answer matcher over a four-control corpus, with exact rankings and scores. The expected values come from a
/// reference written independently in Python (the same tokens, Harman S-stemmer, smoothed idf ln((1+N)/(1+df))+1, raw tf,
/// L2-normalised cosine, +0.5 for a cited mapped requirement; kept beside the tests as AnswerMatcherReference.py).
/// </summary>
public sealed class AnswerMatcherTests
{
    private static readonly MatchDocument[] Corpus =
    [
        new("C1", "Human oversight of automated decisions: people can review and override model outputs", ["eu-ai-act:art-14"]),
        new("C2", "Training data quality, provenance and bias checks for datasets", ["eu-ai-act:art-10"]),
        new("C3", "Serious incidents are reported and handled with response playbooks", ["eu-ai-act:art-73", "nist-ai-rmf:MANAGE-4.3"]),
        new("C4", "Access to model weights and training data is restricted and logged", ["iso42001:A.4.3"]),
    ];

    private static readonly AnswerMatcher Matcher = new(Corpus);

    [Fact]
    public void A_question_in_the_words_of_one_control_proposes_that_control_alone()
    {
        var ranked = Matcher.Rank("How do you ensure human review and override of automated decisions?");
        ranked.Select(m => (m.ControlId, m.Score)).ShouldBe([("C1", 0.761537)]);
    }

    [Fact]
    public void Controls_are_ranked_by_cosine_and_a_weaker_match_follows()
    {
        var ranked = Matcher.Rank("Describe data provenance and bias checks on your training datasets.");
        ranked.Select(m => (m.ControlId, m.Score)).ShouldBe([("C2", 0.91642), ("C4", 0.224188)]);
    }

    [Fact]
    public void Citing_an_article_adds_the_mapping_bonus_to_the_controls_mapped_to_it()
    {
        var ranked = Matcher.Rank("Which incidents do you report to authorities under Art. 73?");
        ranked.Count.ShouldBe(1);
        ranked[0].ControlId.ShouldBe("C3");
        ranked[0].TextScore.ShouldBe(0.408248);
        ranked[0].Score.ShouldBe(0.908248);
        ranked[0].CitedRequirements.ShouldBe(["eu-ai-act:art-73"]);
    }

    [Fact]
    public void Citing_a_clause_covers_its_subclauses_even_without_shared_words()
    {
        var ranked = Matcher.Rank("Which NIST MANAGE 4 practices do you follow?");
        ranked.Select(m => (m.ControlId, m.Score, m.TextScore)).ShouldBe([("C3", 0.5, 0.0)]);
    }

    [Fact]
    public void A_question_no_control_speaks_to_proposes_nothing()
    {
        Matcher.Rank("What is your favourite colour?").ShouldBeEmpty();
    }

    [Theory]
    [InlineData("Art 14 and Article 10", new[] { "eu-ai-act:art-10", "eu-ai-act:art-14" })]
    [InlineData("GOVERN 1.2, MAP-3", new[] { "nist-ai-rmf:GOVERN-1.2", "nist-ai-rmf:MAP-3" })]
    [InlineData("ISO/IEC 42001 A.6.2.4", new[] { "iso42001:A.6.2.4" })]
    [InlineData("prompt injection (LLM01)", new[] { "owasp-llm-2025:LLM01" })]
    [InlineData("a map of the art of governance", new string[0])]
    public void Requirement_citations_are_read_from_the_question(string question, string[] expected) =>
        AnswerMatcher.CitedRequirements(question).ShouldBe(expected);

    [Fact]
    public void Tokens_drop_stop_words_and_stem_plurals()
    {
        QuestionText.Tokens("Please describe how your organisation reviews its policies, models' outputs and processes")
            .ShouldBe(["review", "policy", "model", "output", "processe"]);
        QuestionText.Tokens("How do you ensure human review and override of automated decisions?")
            .ShouldBe(["human", "review", "override", "automated", "decision"]);
    }

    [Fact]
    public void Ranking_is_the_same_whatever_the_order_of_the_controls()
    {
        var reversed = new AnswerMatcher(Corpus.Reverse());
        reversed.Rank("Describe data provenance and bias checks on your training datasets.")
            .ShouldBe(Matcher.Rank("Describe data provenance and bias checks on your training datasets."));
    }

    [Fact]
    public void The_same_question_reworded_in_case_and_punctuation_is_an_exact_reuse()
    {
        var found = AnswerLibrary.Find("Do you log model decisions?", [new("ans_1", "Do you LOG model decisions"), new("ans_2", "Do you log model decisions?")]);
        found.ShouldBe(new ReusedAnswer("ans_1", 1.0, Exact: true));
    }

    [Fact]
    public void A_near_identical_question_reuses_the_closest_answer_and_a_different_one_reuses_nothing()
    {
        // tokens: {human, oversight, high, risk, system} vs {human, oversight, high, risk, systems→system, place}:
        // dot 5, |a| √5, |b| √6 → 5/√30 = 0.912871.
        var library = new LibraryAnswer[] { new("ans_1", "Is human oversight in place for high-risk systems?") };
        AnswerLibrary.Find("Is there human oversight of high risk system?", library).ShouldBe(new ReusedAnswer("ans_1", 0.912871, Exact: false));
        AnswerLibrary.Find("Is there human oversight?", library).ShouldBeNull();
    }
}
