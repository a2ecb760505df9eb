using Attest.Core.DataFiles;
using Attest.Core.Features.Compliance.Controls;
using Attest.Engine.Controls;

namespace Attest.Core.Tests.Controls;

public class FrameworkPackWriterTests
{
    [Fact]
    public void A_written_pack_reads_back_identical_whatever_characters_its_text_holds()
    {
        var pack = new FrameworkPack
        {
            Id = "acme-policy",
            Title = "ACME: \"AI\" policy # 2026",
            Version = "1.0",
            Source = "https://example.org/policy?x=1&y=2",
            Licence = "internal – not for redistribution",
            Requirements =
            [
                new FrameworkRequirement("P-1", "Counsel’s review", "Line one\nLine two: with a colon\tand a tab \\ backslash"),
                new FrameworkRequirement("s1.1_a", "- starts with a dash", ""),
            ],
        };

        var errors = new List<DataError>();
        var read = FrameworkPackReader.Read(FrameworkPackWriter.ToYaml(pack, "comment line 1\ncomment line 2"), "acme-policy.yaml", errors);

        errors.ShouldBeEmpty();
        read.ShouldNotBeNull();
        read.Id.ShouldBe(pack.Id);
        read.Title.ShouldBe(pack.Title);
        read.Source.ShouldBe(pack.Source);
        read.Licence.ShouldBe(pack.Licence);
        read.Requirements.ShouldBe(pack.Requirements);
    }

    [Fact]
    public void Several_errors_are_summarised_in_one_line()
    {
        DataError.Summarise([new DataError("a.yaml", 3, "x", "bad"), new DataError("a.yaml", 5, "y", "worse"), new DataError("a.yaml", null, "", "worst")])
            .ShouldBe("a.yaml:3: x: bad (and 2 more errors)");
    }
}
