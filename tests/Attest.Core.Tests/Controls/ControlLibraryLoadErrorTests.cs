using Attest.Core.DataFiles;
using Attest.Core.Features.Compliance.Controls;

namespace Attest.Core.Tests.Controls;

/// <summary>An organisation data directory with one control file, merged over the shipped library.</summary>
public sealed class OrganisationDataDirectory : IDisposable
{
    public OrganisationDataDirectory() => Directory.CreateDirectory(System.IO.Path.Combine(Path, "controls"));

    public string Path { get; } = Directory.CreateTempSubdirectory("attest-org-").FullName;

    public string ControlFile => System.IO.Path.Combine(Path, "controls", "acme.yaml");

    public OrganisationDataDirectory Write(string relative, string text)
    {
        var file = System.IO.Path.Combine(Path, relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(file)!);
        File.WriteAllText(file, text);
        return this;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}

public class ControlLibraryLoadErrorTests
{
    private const string ValidControl = """
        format: attest.controls/v1
        group:
          id: acme
          title: ACME controls
        controls:
          - id: ACME-PRIV-01
            title: Privacy notice reviewed by counsel
            objective: The privacy notice is reviewed by counsel before launch.
            evidence: [sign_off]
            renewal_months: 12
            applies_when:
              - personal_data: [personal, special_category]
            mappings:
              - nist-ai-rmf:MEASURE-2.10
        """;

    private static DataError SingleError(string controlFile)
    {
        using var org = new OrganisationDataDirectory().Write("controls/acme.yaml", controlFile);
        var error = Should.Throw<DataFileException>(() => ControlLibraryLoader.LoadDefault(org.Path));
        var single = error.Errors.ShouldHaveSingleItem();
        single.File.ShouldBe(org.ControlFile);
        return single;
    }

    [Fact]
    public void A_mapping_to_a_requirement_that_does_not_exist_fails_naming_file_line_and_field()
    {
        var error = SingleError(ValidControl.Replace("MEASURE-2.10", "MEASURE-2.99", StringComparison.Ordinal));

        error.Line.ShouldBe(14);
        error.Path.ShouldBe("controls[0].mappings[0]");
        error.Message.ShouldBe("framework nist-ai-rmf has no requirement \"MEASURE-2.99\"");
    }

    [Fact]
    public void A_mapping_to_an_unknown_framework_fails()
    {
        var error = SingleError(ValidControl.Replace("nist-ai-rmf:MEASURE-2.10", "soc2:CC6.1", StringComparison.Ordinal));

        error.Message.ShouldBe("unknown framework \"soc2\"; expected one of eu-ai-act, iso42001, nist-ai-rmf, owasp-llm-2025");
    }

    [Fact]
    public void A_missing_field_fails_naming_the_control_and_field()
    {
        var error = SingleError(ValidControl.Replace("    objective: The privacy notice is reviewed by counsel before launch.\n", "", StringComparison.Ordinal));

        error.Line.ShouldBe(6);
        error.Path.ShouldBe("controls[0].objective");
        error.Message.ShouldBe("required key is missing");
    }

    [Fact]
    public void A_renewal_period_out_of_range_and_an_unknown_fact_fail_with_their_lines()
    {
        SingleError(ValidControl.Replace("renewal_months: 12", "renewal_months: 0", StringComparison.Ordinal))
            .ToString().ShouldEndWith("acme.yaml:10: controls[0].renewal_months: expected a whole number from 1 to 60, got 0");
        SingleError(ValidControl.Replace("- personal_data:", "- personal_info:", StringComparison.Ordinal))
            .ToString().ShouldContain("acme.yaml:12: controls[0].applies_when[0].personal_info: unknown fact;");
        SingleError(ValidControl.Replace("[personal, special_category]", "[personal, secret]", StringComparison.Ordinal))
            .ToString().ShouldContain("acme.yaml:12: controls[0].applies_when[0].personal_data: expected one of none, personal, special_category, got \"secret\"");
    }

    [Fact]
    public void An_unknown_key_a_bad_id_and_broken_YAML_fail()
    {
        SingleError(ValidControl.Replace("    renewal_months: 12\n", "    renewal_months: 12\n    owner: legal\n", StringComparison.Ordinal))
            .ToString().ShouldContain("acme.yaml:11: controls[0].owner: unknown key;");
        SingleError(ValidControl.Replace("ACME-PRIV-01", "acme priv 1", StringComparison.Ordinal))
            .ToString().ShouldContain("acme.yaml:6: controls[0].id: expected an id like ATT-GOV-01");
        SingleError(ValidControl.Replace("evidence: [sign_off]", "evidence: [sign_off", StringComparison.Ordinal))
            .ToString().ShouldContain("acme.yaml:9: invalid YAML"); // line 9 opens the unclosed [
    }

    [Fact]
    public void The_same_control_id_twice_in_one_directory_fails()
    {
        var twice = ValidControl + "\n" + ValidControl[ValidControl.IndexOf("  - id:", StringComparison.Ordinal)..];

        SingleError(twice).Message.ShouldStartWith("control \"ACME-PRIV-01\" is already defined at ");
    }

    [Fact]
    public void An_organisation_adds_controls_and_replaces_shipped_ones_by_id_and_the_version_changes()
    {
        using var org = new OrganisationDataDirectory()
            .Write("controls/library.yaml", "format: attest.control-library/v1\nname: acme-controls\nversion: \"3\"\n")
            .Write("controls/acme.yaml", ValidControl + "\n" + """
              - id: ATT-GOV-01
                title: ACME AI policy
                objective: ACME's AI policy, approved by the board.
                evidence: [policy_document]
                renewal_months: 24
                mappings: [nist-ai-rmf:GOVERN-1.1]
            """);

        var library = ControlLibraryLoader.LoadDefault(org.Path);
        var shipped = ControlLibraryLoader.LoadDefault();

        library.Controls.Count.ShouldBe(shipped.Controls.Count + 1);
        library.Controls.Single(c => c.Id == "ATT-GOV-01").Title.ShouldBe("ACME AI policy");
        library.Controls.Single(c => c.Id == "ATT-GOV-01").RenewalMonths.ShouldBe(24);
        library.Controls[^1].Id.ShouldBe("ACME-PRIV-01");
        library.Version.Declared.ShouldBe("attest-controls 1.0.0 + acme-controls 3");
        library.Version.ContentHash.ShouldNotBe(shipped.Version.ContentHash);
    }

    [Fact]
    public void An_organisation_framework_pack_can_be_mapped_by_its_controls()
    {
        using var org = new OrganisationDataDirectory()
            .Write("frameworks/acme-policy.yaml", """
                format: attest.framework/v1
                id: acme-policy
                title: ACME AI policy
                version: "2026"
                source: internal
                licence: internal
                requirements:
                  - id: P-1
                    title: Counsel review
                    text: ""
                """)
            .Write("controls/acme.yaml", ValidControl.Replace("nist-ai-rmf:MEASURE-2.10", "acme-policy:P-1", StringComparison.Ordinal));

        var library = ControlLibraryLoader.LoadDefault(org.Path);

        library.ForFramework("acme-policy").Select(c => c.Id).ShouldBe(["ACME-PRIV-01"]);
    }
}
