using Attest.Core.Data;
using Attest.Core.Features.Actions;
using Attest.Core.Features.Incidents;
using Attest.Core.Features.Monitoring;
using Attest.Core.Governance;
using Attest.Engine.Classification;
using Attest.Engine.Incidents;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Attest.Core.Demo.DemoGovernanceStory;

namespace Attest.Core.Demo;

/// <summary>
/// The production loop of the demo: a monitoring plan saved, its signals run on the demo clock, an alert that opens an
/// incident, the incident moved on, contained and reviewed, and the review's control change completed — all through the
/// use cases the API calls. Steps name an incident by the alert that opened it (system and signal): its id is generated.
/// <c>complete_actions</c> completes the review's control changes (a governance lead's move); other actions stay open.
/// </summary>
internal sealed class DemoMonitoring(IServiceProvider services, DemoClock clock, string directory)
{
    public static bool Plays(DemoStep step) =>
        step.MonitoringPlan is not null || step.MonitoringRun is not null || step.MoveIncident is not null || step.Contain is not null
        || step.IncidentReview is not null || step.CompleteActions is not null;

    public async Task PlayAsync(DemoStep step, CallerIdentity caller, string where, CancellationToken ct)
    {
        if (step.MonitoringPlan is { } p)
        {
            var file = Path.Combine(directory, p.File);
            var yaml = !file.EndsWith(".json", StringComparison.OrdinalIgnoreCase);
            Check(await Use<SaveMonitoringPlan>().ExecuteAsync(p.System, await File.ReadAllTextAsync(file, ct), yaml, Path.GetFileName(file), caller, ct), where);
        }
        else if (step.MonitoringRun is { } r)
        {
            Check(await Use<RunMonitoring>().ExecuteAsync(r.System, null, RunMonitoring.OnDemand, caller, ct), where);
        }
        else if (step.MoveIncident is { } m)
        {
            var incident = await IncidentOfAsync(m, where, ct);
            Check(await Use<MoveIncident>().ExecuteAsync(incident.Id, new IncidentMoveInput
            {
                Status = Parse<IncidentStatus>(m.Status, where + ".move_incident.status"),
                Note = m.Note,
                Resolution = m.Resolution,
            }, null, caller, ct), where);
        }
        else if (step.Contain is { } c)
        {
            var incident = await IncidentOfAsync(c, where, ct);
            Check(await Use<ContainIncident>().ExecuteAsync(incident.Id, new ContainmentInput
            {
                Kind = Parse<ContainmentKind>(c.Kind, where + ".contain.kind"),
                Note = c.Note,
            }, null, caller, ct), where);
        }
        else if (step.IncidentReview is { } v)
        {
            var incident = await IncidentOfAsync(v, where, ct);
            Check(await Use<ReviewIncident>().ExecuteAsync(incident.Id, new IncidentReviewInput
            {
                RootCause = v.RootCause,
                GovernanceGap = v.GovernanceGap,
                Summary = v.Summary,
                CorrectiveActions = v.Actions.Select(a => new CorrectiveActionInput
                {
                    Description = a.Description,
                    Owner = a.Owner,
                    DueOn = clock.Day(a.DueDay),
                    Kind = a.Control is null ? TrackedActionKind.General : TrackedActionKind.ControlChange,
                    Control = a.Control is { } control ? new ProposedControlInput
                    {
                        Id = control.Id,
                        Title = control.Title,
                        Objective = control.Objective,
                        Evidence = control.Evidence,
                        RenewalMonths = control.RenewalMonths,
                        Mappings = control.Mappings,
                        Scope = control.Scope,
                    } : null,
                }).ToList(),
            }, null, caller, ct), where);
        }
        else if (step.CompleteActions is { } done)
        {
            var incident = await IncidentOfAsync(done, where, ct);
            // The control changes only: the other corrective actions stay open on their owners' work lists.
            var actions = await Db().Actions.AsNoTracking().Where(a => a.IncidentId == incident.Id && a.CompletedAt == null && a.Kind == TrackedActionKind.ControlChange)
                .OrderBy(a => a.Sequence).Select(a => a.Id).ToListAsync(ct);
            if (actions.Count == 0)
                throw new InvalidDataException($"{where}.complete_actions: incident {incident.Id} has no open control change.");
            foreach (var id in actions)
                Check(await Use<CompleteAction>().ExecuteAsync(id, new CompleteActionInput { Note = done.Note }, null, caller, ct), where);
        }
    }

    /// <summary>The incident the newest alert of the step's signal opened.</summary>
    private async Task<Incident> IncidentOfAsync(DemoIncidentRef r, string where, CancellationToken ct)
    {
        var db = Db();
        var system = await db.Systems.AsNoTracking().Where(s => s.Slug == r.System).Select(s => s.Id).FirstOrDefaultAsync(ct)
            ?? throw new InvalidDataException($"{where}: no system '{r.System}'.");
        var incidentId = await db.MonitoringAlerts.AsNoTracking().Where(a => a.SystemId == system && a.SignalId == r.Signal && a.IncidentId != null)
            .OrderByDescending(a => a.OpenedAt).Select(a => a.IncidentId).FirstOrDefaultAsync(ct)
            ?? throw new InvalidDataException($"{where}: no alert of signal '{r.Signal}' of '{r.System}' has opened an incident yet.");
        return await db.Incidents.AsNoTracking().FirstAsync(i => i.Id == incidentId, ct);
    }

    private AttestDbContext Db() => services.GetRequiredService<AttestDbContext>();

    private T Use<T>() where T : notnull => new DemoServices(services, clock).Get<T>();
}
