using System.Reflection;
using Attest.Core.Data;

namespace Attest.Core.Governance;

/// <summary>
/// Every kind of change the ledger records: a closed catalog. A use case records one of these through
/// <see cref="GovernedChange.RecordAsync{TSubject}"/>; the subject is derived from the entity, never written by hand.
/// Each action has a phrase in <c>data/ledger/history-phrases.json</c>, so the history reads as sentences (a test and
/// the start-up check fail for an action without one).
/// </summary>
public static class LedgerActions
{
    // Inventory
    public static readonly LedgerAction<AiSystem> SystemRegistered = new("system.registered");
    public static readonly LedgerAction<AiSystem> SystemUpdated = new("system.updated");
    public static readonly LedgerAction<AiSystem> SystemStageChanged = new("system.stage_changed");
    public static readonly LedgerAction<AiSystem> SystemDeleted = new("system.deleted");
    public static readonly LedgerAction<AiSystem> SystemMemberGranted = new("system.member_granted");
    public static readonly LedgerAction<AiSystem> SystemMemberRevoked = new("system.member_revoked");
    public static readonly LedgerAction<AiSystem> ProvisionalClassificationSeeded = new("system.provisional_classification_seeded");
    public static readonly LedgerAction<AiSystem> ModelVersionRegistered = new("model_version.registered");
    public static readonly LedgerAction<AiSystem> ModelVersionUpdated = new("model_version.updated");
    public static readonly LedgerAction<AiSystem> DeploymentRecorded = new("deployment.recorded");
    public static readonly LedgerAction<AiSystem> DeploymentUpdated = new("deployment.updated");
    public static readonly LedgerAction<Dataset> DatasetRegistered = new("dataset.registered");
    public static readonly LedgerAction<Dataset> DatasetUpdated = new("dataset.updated");

    // Compliance
    public static readonly LedgerAction<AiSystem> IntakeAnswered = new("intake.answered");
    public static readonly LedgerAction<AiSystem> ClassificationComputed = new("classification.computed");
    public static readonly LedgerAction<AiSystem> ClassificationOverridden = new("classification.overridden");
    public static readonly LedgerAction<AiSystem> ControlStatusChanged = new("control.status_changed");

    // Evidence and documents
    public static readonly LedgerAction<AiSystem> EvidenceAdded = new("evidence.added");
    public static readonly LedgerAction<AiSystem> EvidenceRetired = new("evidence.retired");
    public static readonly LedgerAction<AiSystem> SystemNarrativeSaved = new("document.narrative_saved");
    public static readonly LedgerAction<Dataset> DatasetNarrativeSaved = new("document.narrative_saved");
    public static readonly LedgerAction<AiSystem> BomImported = new("bom.imported");

    // Gates, reviews, waivers, material change, actions
    public static readonly LedgerAction<AiSystem> ReviewRequested = new("review.requested");
    public static readonly LedgerAction<AiSystem> ReviewSignedOff = new("review.signed_off");
    public static readonly LedgerAction<AiSystem> ReviewDecided = new("review.decided");
    public static readonly LedgerAction<AiSystem> ApprovalLapsed = new("review.approval_lapsed");
    public static readonly LedgerAction<AiSystem> ChangeAssessed = new("model_version.change_assessed");
    public static readonly LedgerAction<AiSystem> WaiverRequested = new("waiver.requested");
    public static readonly LedgerAction<AiSystem> WaiverApproved = new("waiver.approved");
    public static readonly LedgerAction<AiSystem> WaiverRejected = new("waiver.rejected");
    public static readonly LedgerAction<AiSystem> ActionCompleted = new("action.completed");

    // Risks and incidents
    public static readonly LedgerAction<AiSystem> RiskRecorded = new("risk.recorded");
    public static readonly LedgerAction<AiSystem> RiskUpdated = new("risk.updated");
    public static readonly LedgerAction<AiSystem> RiskAccepted = new("risk.accepted");
    public static readonly LedgerAction<AiSystem> IncidentReported = new("incident.reported");
    public static readonly LedgerAction<AiSystem> IncidentClosed = new("incident.closed");
    public static readonly LedgerAction<AiSystem> IncidentStatusChanged = new("incident.status_changed");
    public static readonly LedgerAction<AiSystem> IncidentObligationMet = new("incident.obligation_met");
    public static readonly LedgerAction<AiSystem> IncidentContained = new("incident.containment_recorded");
    public static readonly LedgerAction<AiSystem> IncidentReviewed = new("incident.reviewed");
    public static readonly LedgerAction<AiSystem> IncidentReportExported = new("incident.report_exported");
    public static readonly LedgerAction<AiSystem> ControlChangeApplied = new("control.change_applied");

    // Runtime oversight
    public static readonly LedgerAction<AiSystem> OversightPolicyProposed = new("oversight_policy.proposed");
    public static readonly LedgerAction<AiSystem> OversightPolicyApproved = new("oversight_policy.approved");
    public static readonly LedgerAction<AiSystem> DecisionBatchRecorded = new("decisions.batch_recorded");
    public static readonly LedgerAction<AiSystem> DecisionRetentionApplied = new("decisions.retention_applied");
    public static readonly LedgerAction<AiSystem> ReviewItemClaimed = new("oversight.item_claimed");
    public static readonly LedgerAction<AiSystem> ReviewItemResolved = new("oversight.item_resolved");
    public static readonly LedgerAction<AiSystem> DecisionAppealed = new("decision.appealed");

    // Monitoring
    public static readonly LedgerAction<AiSystem> MonitoringPlanSaved = new("monitoring_plan.saved");
    public static readonly LedgerAction<AiSystem> MonitoringPlanTested = new("monitoring_plan.tested");
    public static readonly LedgerAction<AiSystem> OutcomesRecorded = new("decisions.outcomes_recorded");
    public static readonly LedgerAction<AiSystem> AlertOpened = new("monitoring_alert.opened");
    public static readonly LedgerAction<AiSystem> AlertAcknowledged = new("monitoring_alert.acknowledged");
    public static readonly LedgerAction<AiSystem> AlertResolved = new("monitoring_alert.resolved");
    public static readonly LedgerAction<AiSystem> DeadlineAlertOpened = new("monitoring_alert.deadline_overdue");

    // Training
    public static readonly LedgerAction<TrainingRecordsSubject> TrainingRecordsImported = new("training.records_imported");
    // Customer assurance
    public static readonly LedgerAction<AiSystem> QuestionnaireImported = new("assurance.questionnaire_imported");
    public static readonly LedgerAction<AiSystem> AnswerEdited = new("assurance.answer_edited");
    public static readonly LedgerAction<AiSystem> AnswerApproved = new("assurance.answer_approved");
    public static readonly LedgerAction<AiSystem> EvidenceShareableChanged = new("evidence.shareable_changed");

    // Identity
    public static readonly LedgerAction<User> UserCreated = new("user.created");
    /// <summary>A local user linked to a person at the identity provider (single sign-on, same verified e-mail address).</summary>
    public static readonly LedgerAction<User> UserLinked = new("user.linked");
    /// <summary>A single-sign-on user's roles or specialties set from their groups at sign-in.</summary>
    public static readonly LedgerAction<User> UserRolesChanged = new("user.roles_changed");
    public static readonly LedgerAction<ApiKey> ApiKeyCreated = new("api_key.created");
    public static readonly LedgerAction<ApiKey> ApiKeyRevoked = new("api_key.revoked");

    // The ledger itself
    public static readonly LedgerAction<LedgerCheckpointsSubject> CheckpointSigned = new("ledger.checkpoint_signed");
    public static readonly LedgerAction<LedgerKeySubject> KeyCreated = new("ledger.key_created");
    public static readonly LedgerAction<LedgerKeySubject> KeyRotated = new("ledger.key_rotated");

    /// <summary>Every action in the catalog.</summary>
    public static IReadOnlyList<LedgerAction> All { get; } = typeof(LedgerActions)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => typeof(LedgerAction).IsAssignableFrom(f.FieldType))
        .Select(f => (LedgerAction)f.GetValue(null)!)
        .ToList();

    /// <summary>Every distinct wire name (one name may serve several subject kinds, e.g. narratives of systems and datasets).</summary>
    public static IReadOnlySet<string> Names { get; } = All.Select(a => a.Name).ToHashSet(StringComparer.Ordinal);
}
