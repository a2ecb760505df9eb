namespace Attest.Core.Governance;

/// <summary>
/// What a change or a read requires. Every governed write names one (<see cref="GovernedWrites"/>), every endpoint and
/// form declares one; <see cref="AuthorizationMatrix"/> (permission → roles) decides who holds it.
/// </summary>
public static class Permissions
{
    public const string InventoryRead = "inventory.read";
    public const string InventoryWrite = "inventory.write";
    public const string InventoryDelete = "inventory.delete";
    public const string LedgerRead = "ledger.read";
    public const string IntakeRead = "intake.read";
    public const string IntakeWrite = "intake.write";
    public const string ClassificationOverride = "classification.override";
    public const string ControlsRead = "controls.read";
    public const string ControlsWrite = "controls.write";
    public const string EvidenceRead = "evidence.read";
    /// <summary>Add and retire evidence of a system.</summary>
    public const string EvidenceWrite = "evidence.write";
    /// <summary>Sign a ledger checkpoint on demand (the schedule signs them anyway; harmless, but not for everyone).</summary>
    public const string LedgerCheckpoint = "ledger.checkpoint";
    /// <summary>Rotate the ledger's signing key.</summary>
    public const string LedgerKeysManage = "ledger.keys.manage";
    /// <summary>Read gate verdicts, reviews and material-change assessments (CI keys need it for `attest gate --server`).</summary>
    public const string GatesRead = "gates.read";
    public const string ReviewsRequest = "reviews.request";
    /// <summary>Sign off a review; the caller must also hold the specialty signed for.</summary>
    public const string ReviewsSignOff = "reviews.sign_off";
    /// <summary>Record the board's decision; a go on a high-risk system also needs executive_approver (residual risk).</summary>
    public const string ReviewsDecide = "reviews.decide";
    public const string WaiversRequest = "waivers.request";
    public const string WaiversApprove = "waivers.approve";
    /// <summary>Record a tracked action (a condition of a conditional go) as done: the board's verification, not the owner's.</summary>
    public const string ActionsComplete = "actions.complete";
    public const string RisksRead = "risks.read";
    /// <summary>Record and change entries of a system's risk register.</summary>
    public const string RisksWrite = "risks.write";
    /// <summary>Accept the residual risk of a register entry; high and critical risks also need executive_approver.</summary>
    public const string RisksAccept = "risks.accept";
    public const string IncidentsRead = "incidents.read";
    public const string IncidentsReport = "incidents.report";
    /// <summary>Close an incident with its resolution.</summary>
    public const string IncidentsClose = "incidents.close";
    /// <summary>Handle an incident: move it through the workflow, record met obligations and containment steps.</summary>
    public const string IncidentsHandle = "incidents.handle";
    /// <summary>Record an incident's post-incident review (root cause, governance gap, corrective actions).</summary>
    public const string IncidentsReview = "incidents.review";
    /// <summary>Log production decisions (a service key scoped to its system) and ask their route.</summary>
    public const string DecisionsIngest = "decisions.ingest";
    /// <summary>Read the decision log, traces, the review queue and oversight analytics.</summary>
    public const string DecisionsRead = "decisions.read";
    /// <summary>Appeal a decision on behalf of the person it affected: a new review item.</summary>
    public const string DecisionsAppeal = "decisions.appeal";
    /// <summary>Claim and resolve review items (separation of duties: not the system's service identity or product owner).</summary>
    public const string OversightReview = "oversight.review";
    /// <summary>Propose a new version of a system's oversight policy.</summary>
    public const string OversightPolicyPropose = "oversight.policy.propose";
    /// <summary>Put a proposed policy version in force: a second person, never its author.</summary>
    public const string OversightPolicyApprove = "oversight.policy.approve";
    /// <summary>Read monitoring plans, signal series and alerts.</summary>
    public const string MonitoringRead = "monitoring.read";
    /// <summary>Write a new version of a system's monitoring plan and send its test delivery.</summary>
    public const string MonitoringPlanWrite = "monitoring.plan.write";
    /// <summary>Evaluate a system's monitoring signals on demand.</summary>
    public const string MonitoringRun = "monitoring.run";
    /// <summary>Acknowledge and resolve monitoring alerts.</summary>
    public const string AlertsManage = "alerts.manage";
    /// <summary>Delete decisions past their system's retention (Attest's own schedule; the batch roots and the ledger stay).</summary>
    public const string DecisionsRetention = "decisions.retention";
    /// <summary>Record the observed outcomes (ground truth) of logged decisions.</summary>
    public const string DecisionsOutcomes = "decisions.outcomes";
    /// <summary>Import training records (person, role, course, completed_at) for the training_completion KPI.</summary>
    public const string TrainingImport = "training.import";
    /// <summary>Read customer questionnaires, their proposed answers and the trust page.</summary>
    public const string AssuranceRead = "assurance.read";
    /// <summary>Import a customer questionnaire for a system and edit its answers.</summary>
    public const string AssuranceWrite = "assurance.write";
    /// <summary>Approve an answer for customers (it joins the answer library): governance, independent of the system's team.</summary>
    public const string AssuranceApprove = "assurance.approve";
    /// <summary>Mark evidence shareable with customers (named on the trust page) or not.</summary>
    public const string EvidenceShare = "evidence.share";
    public const string UsersManage = "users.manage";
    public const string KeysManage = "keys.manage";
    /// <summary>Any authenticated caller may see who it is.</summary>
    public const string SelfRead = "self.read";
}
