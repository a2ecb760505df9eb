using Attest.Engine.Access;
using static Attest.Engine.Access.Roles;

namespace Attest.Core.Governance;

/// <summary>
/// Who may do what: every permission an endpoint can require, and the roles that hold it. This table is
/// the authorization policy; a test checks that every endpoint's permission is in it. System-scoped roles
/// (product owner, ML engineer) additionally need membership of the system they change.
/// </summary>
public static class AuthorizationMatrix
{
    private static readonly string[] Everyone = [Admin, GovernanceLead, ProductOwner, MlEngineer, Reviewer, ExecutiveApprover, Auditor];

    public static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> RolesByPermission = new Dictionary<string, IReadOnlyList<string>>
    {
        [Permissions.InventoryRead] = Everyone,
        [Permissions.InventoryWrite] = [Admin, GovernanceLead, ProductOwner, MlEngineer],
        [Permissions.InventoryDelete] = [Admin, GovernanceLead],
        [Permissions.LedgerRead] = Everyone,
        [Permissions.IntakeRead] = Everyone,
        // Answering the intake and tracking controls is the system team's work (system-scoped roles need membership).
        [Permissions.IntakeWrite] = [Admin, GovernanceLead, ProductOwner, MlEngineer],
        // Overriding the legal classification is a governance decision, not the system team's.
        [Permissions.ClassificationOverride] = [Admin, GovernanceLead],
        [Permissions.ControlsRead] = Everyone,
        [Permissions.ControlsWrite] = [Admin, GovernanceLead, ProductOwner, MlEngineer],
        [Permissions.EvidenceRead] = Everyone,
        // Evidence comes from the system team and its CI (an API key with ml_engineer scoped to the system).
        [Permissions.EvidenceWrite] = [Admin, GovernanceLead, ProductOwner, MlEngineer],
        // Signing on demand adds a checkpoint record to the ledger; the schedule and proofs sign anyway.
        [Permissions.LedgerCheckpoint] = [Admin, GovernanceLead],
        [Permissions.LedgerKeysManage] = [Admin],
        [Permissions.GatesRead] = [.. Everyone, Service],
        [Permissions.ReviewsRequest] = [Admin, GovernanceLead, ProductOwner, MlEngineer],
        [Permissions.ReviewsSignOff] = [Admin, GovernanceLead, Reviewer],
        [Permissions.ReviewsDecide] = [Admin, GovernanceLead, ExecutiveApprover],
        [Permissions.WaiversRequest] = [Admin, GovernanceLead, ProductOwner, MlEngineer],
        [Permissions.WaiversApprove] = [Admin, GovernanceLead, ExecutiveApprover],
        // Closing a condition of an approval is verified by those who decide approvals.
        [Permissions.ActionsComplete] = [Admin, GovernanceLead, ExecutiveApprover],
        [Permissions.RisksRead] = Everyone,
        // The system team keeps its register (system-scoped roles need membership).
        [Permissions.RisksWrite] = [Admin, GovernanceLead, ProductOwner, MlEngineer],
        // Accepting residual risk is a governance decision; high and critical risks take an executive approver (SeparationOfDuties).
        [Permissions.RisksAccept] = [Admin, GovernanceLead, ExecutiveApprover],
        [Permissions.IncidentsRead] = Everyone,
        [Permissions.IncidentsReport] = [Admin, GovernanceLead, ProductOwner, MlEngineer],
        [Permissions.IncidentsClose] = [Admin, GovernanceLead, ProductOwner, MlEngineer],
        [Permissions.IncidentsHandle] = [Admin, GovernanceLead, ProductOwner, MlEngineer],
        // The review looks back at the governance around the system: the team and governance write it together.
        [Permissions.IncidentsReview] = [Admin, GovernanceLead, ProductOwner],
        // Runtime oversight: a service key scoped to its system logs decisions; people read, review and govern the policy.
        [Permissions.DecisionsIngest] = [Admin, Service],
        [Permissions.DecisionsRetention] = [Admin],
        [Permissions.DecisionsRead] = Everyone,
        // An appeal arrives through the system that decided (its service) or its team.
        [Permissions.DecisionsAppeal] = [Admin, GovernanceLead, ProductOwner, MlEngineer, Service],
        [Permissions.OversightReview] = [Admin, GovernanceLead, Reviewer],
        [Permissions.OversightPolicyPropose] = [Admin, GovernanceLead, ProductOwner, MlEngineer],
        // A second person approves; a material change of a high-risk system's policy takes a governance lead (ApproveOversightPolicy).
        [Permissions.OversightPolicyApprove] = [Admin, GovernanceLead, Reviewer],
        [Permissions.MonitoringRead] = Everyone,
        [Permissions.MonitoringPlanWrite] = [Admin, GovernanceLead, ProductOwner, MlEngineer],
        // A system's CI or its service may ask for an evaluation; alerts are handled by people.
        [Permissions.MonitoringRun] = [Admin, GovernanceLead, ProductOwner, MlEngineer, Service],
        [Permissions.AlertsManage] = [Admin, GovernanceLead, ProductOwner, MlEngineer],
        // Outcomes come from the system that logged the decisions (its service key) or its team.
        [Permissions.DecisionsOutcomes] = [Admin, MlEngineer, Service],
        // Training records come from the organisation's learning system, loaded by those who run the programme.
        [Permissions.TrainingImport] = [Admin, GovernanceLead],
        [Permissions.AssuranceRead] = Everyone,
        // The system's owner drafts answers about it; what the organisation tells customers is approved by governance,
        // independent of the system's team (ApproveAnswer), and only governance decides which evidence leaves the house.
        [Permissions.AssuranceWrite] = [Admin, GovernanceLead, ProductOwner],
        [Permissions.AssuranceApprove] = [Admin, GovernanceLead],
        [Permissions.EvidenceShare] = [Admin, GovernanceLead],
        [Permissions.UsersManage] = [Admin],
        [Permissions.KeysManage] = [Admin],
        [Permissions.SelfRead] = [.. Everyone, Service],
    };

    public static bool Allows(string permission, IEnumerable<string> roles) =>
        RolesByPermission.TryGetValue(permission, out var allowed) && roles.Any(allowed.Contains);

    public static bool IsKnown(string permission) => RolesByPermission.ContainsKey(permission);

    /// <summary>Roles in the matrix that do not exist: a typo here would silently lock people out.</summary>
    public static IEnumerable<string> UnknownRoles() => RolesByPermission.Values.SelectMany(r => r).Where(r => !Roles.IsKnown(r)).Distinct();
}
