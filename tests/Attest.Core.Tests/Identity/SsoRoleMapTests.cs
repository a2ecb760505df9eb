using Attest.Core.DataFiles;
using Attest.Core.Features.Identity;

namespace Attest.Core.Tests.Identity;

/// <summary>The single-sign-on role map is data: groups give roles, specialties and memberships; a bad file names file, line and field.</summary>
public class SsoRoleMapTests
{
    private const string Map = """
        format: attest.sso-role-map/v1
        groups:
          - group: attest-governance
            roles: [governance_lead]
          - group: credit-team
            roles: [product_owner, ml_engineer]
            systems: [credit-scoring]
          - group: privacy-reviewers
            roles: [reviewer]
            specialties: [privacy]
        """;

    [Fact]
    public void Groups_give_the_union_of_their_roles_specialties_and_system_memberships()
    {
        var grant = SsoRoleMap.Read(Map, "sso.yaml").Resolve(["credit-team", "privacy-reviewers", "unlisted"], []);

        grant.Roles.ShouldBe(["ml_engineer", "product_owner", "reviewer"]);
        grant.Specialties.ShouldBe(["privacy"]);
        grant.Memberships.ShouldBe([("credit-scoring", "ml_engineer"), ("credit-scoring", "product_owner")]);
    }

    [Fact]
    public void Role_claims_that_are_Attest_roles_count_as_they_are_and_others_go_through_the_map()
    {
        var grant = SsoRoleMap.Read(Map, "sso.yaml").Resolve([], ["auditor", "attest-governance", "Directory.Readers"]);

        grant.Roles.ShouldBe(["auditor", "governance_lead"]);
        SsoRoleMap.Empty.Resolve(["attest-governance"], []).Roles.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("format: attest.sso-role-map/v2\ngroups: []", "sso.yaml:1: format: expected attest.sso-role-map/v1")]
    [InlineData("format: attest.sso-role-map/v1\ngroups:\n  - group: ops\n    roles: [root]", "sso.yaml:4: groups[0].roles[0]: 'root' is not a role")]
    [InlineData("format: attest.sso-role-map/v1\ngroups:\n  - group: ops\n    roles: [auditor]\n    systems: [credit-scoring]", "sso.yaml:5: groups[0].systems: systems make members")]
    [InlineData("format: attest.sso-role-map/v1\ngroups:\n  - group: ops\n    roles: [auditor]\n    specialties: [privacy]", "sso.yaml:5: groups[0].specialties: only reviewers have specialties")]
    [InlineData("format: attest.sso-role-map/v1\ngroups:\n  - group: ops\n    roles: [auditor]\n  - group: ops\n    roles: [reviewer]", "sso.yaml:5: groups[1].group: \"ops\" is listed twice")]
    [InlineData("format: attest.sso-role-map/v1\ngroups:\n  - group: ops\n    role: [auditor]", "sso.yaml:4: groups[0]")]
    public void A_bad_map_is_refused_naming_file_line_and_field(string text, string expected)
    {
        var e = Should.Throw<DataFileException>(() => SsoRoleMap.Read(text, "sso.yaml"));

        e.Message.ShouldStartWith(expected);
    }
}
