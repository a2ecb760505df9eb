using Attest.Core.Common;
using Attest.Core.Features.Evidence;
using Attest.Core.Features.Gates;
using Attest.Core.Features.Identity;
using Attest.Core.Features.Risks;
using Attest.Core.Governance;
using Attest.Engine.Classification;
using Attest.Engine.Gates;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Attest.Core.Demo;

/// <summary>
/// Plays the demo's governance story (data/demo/governance.yaml) through the same use cases users call, on the
/// demo clock: evidence uploads, waivers requested and approved, release reviews with sign-offs and board decisions.
/// A step the use case refuses stops the seeding with the step and the refusal, so the story stays honest.
/// </summary>
internal sealed class DemoGovernanceStory(IServiceProvider services, DemoClock clock)
{
    private readonly Dictionary<string, string> waivers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> reviews = new(StringComparer.Ordinal);
    private Dictionary<string, CallerIdentity> personas = new(StringComparer.Ordinal);
    private DemoOversight? oversight;
    private DemoMonitoring? monitoring;

    public static string FileNextTo(string portfolioFile) => Path.Combine(Path.GetDirectoryName(Path.GetFullPath(portfolioFile))!, "governance.yaml");

    public static DemoGovernanceFile Load(string file)
    {
        var deserializer = new DeserializerBuilder().WithNamingConvention(UnderscoredNamingConvention.Instance).Build();
        var story = deserializer.Deserialize<DemoGovernanceFile>(File.ReadAllText(file));
        if (story.Format != "attest.demo-governance/v1")
            throw new InvalidDataException($"{file}: format must be attest.demo-governance/v1, got '{story.Format}'.");
        return story;
    }

    public async Task PlayAsync(string file, DemoGovernanceFile story, CancellationToken ct)
    {
        personas = await SignUpAsync(file, story, ct);
        var directory = Path.GetDirectoryName(Path.GetFullPath(file))!;
        oversight = new DemoOversight(services, clock, directory);
        monitoring = new DemoMonitoring(services, clock, directory);
        for (var i = 0; i < story.Story.Count; i++)
        {
            var step = story.Story[i];
            var where = $"{file}: story[{i}]";
            clock.MoveTo(step.Day, where);
            if (!personas.TryGetValue(step.By, out var caller))
                throw new InvalidDataException($"{where}.by: no persona '{step.By}'.");
            await PlayStepAsync(step, caller, directory, where, ct);
        }
    }

    private async Task PlayStepAsync(DemoStep step, CallerIdentity caller, string directory, string where, CancellationToken ct)
    {
        if (step.Evidence is { } e)
        {
            await using var content = File.OpenRead(Path.Combine(directory, e.File));
            Check(await Use<AddEvidence>().ExecuteAsync(e.System, new EvidenceInput
            {
                Type = e.Type,
                Controls = e.Controls,
                ModelVersions = e.ModelVersions,
                Summary = e.Summary,
                Method = e.Method,
                FileName = Path.GetFileName(e.File),
                MediaType = MediaTypeOf(e.File),
            }, content, caller, ct), where);
        }
        else if (step.Waiver is { } w)
        {
            var waiver = Check(await Use<RequestWaiver>().ExecuteAsync(new WaiverInput
            {
                System = w.System,
                ModelVersion = w.ModelVersion,
                Control = w.Control,
                Justification = w.Justification,
                CompensatingControls = w.CompensatingControls,
                RiskOwner = w.RiskOwner,
                ExpiresOn = clock.Day(w.ExpiresDay),
            }, caller, ct), where);
            waivers[w.Ref] = waiver.Id;
        }
        else if (step.ApproveWaiver is { } a)
        {
            Check(await Use<ApproveWaiver>().ExecuteAsync(Lookup(waivers, a.Ref, where), null, caller, ct), where);
        }
        else if (step.Release is { } r)
        {
            var review = Check(await Use<RequestRelease>().ExecuteAsync(new ReleaseRequestInput
            {
                System = r.System,
                ModelVersion = r.ModelVersion,
                Stage = Parse<GateStage>(r.Stage, where + ".release.stage"),
            }, caller, ct), where);
            reviews[r.Ref] = review.Id;
        }
        else if (step.SignOff is { } s)
        {
            Check(await Use<SignOffReview>().ExecuteAsync(Lookup(reviews, s.Ref, where), new SignOffInput
            {
                Specialty = s.Specialty,
                Decision = Parse<SignOffDecision>(s.Decision, where + ".sign_off.decision"),
                Rationale = s.Rationale,
            }, caller, ct), where);
        }
        else if (step.Decide is { } d)
        {
            Check(await Use<DecideReview>().ExecuteAsync(Lookup(reviews, d.Ref, where), new DecisionInput
            {
                Decision = Parse<Data.BoardDecision>(d.Decision, where + ".decide.decision"),
                Rationale = d.Rationale,
                Conditions = d.Conditions.Select(c => new ConditionInput { Description = c.Description, Owner = c.Owner, DueOn = clock.Day(c.DueDay), Answers = c.Answers }).ToList(),
            }, null, caller, ct), where);
        }
        else if (step.Risk is { } k)
        {
            Check(await Use<RecordRisk>().ExecuteAsync(k.System, new RiskInput
            {
                ModelVersion = k.ModelVersion,
                Title = k.Title,
                Description = k.Description,
                Severity = Parse<RiskSeverity>(k.Severity, where + ".risk.severity"),
                Likelihood = k.Likelihood is null ? null : Parse<Data.RiskLikelihood>(k.Likelihood, where + ".risk.likelihood"),
                Treatment = k.Treatment is null ? null : Parse<RiskTreatment>(k.Treatment, where + ".risk.treatment"),
                Mitigation = k.Mitigation,
                Control = k.Control,
                Owner = k.Owner,
            }, caller, ct), where);
        }
        else if (step.OversightPolicy is not null || step.ApproveOversightPolicy is not null || step.Decisions is not null || step.ReviewQueue is not null || step.Appeal is not null)
        {
            await oversight!.PlayAsync(step, caller, where, ct);
        }
        else if (DemoMonitoring.Plays(step))
        {
            await monitoring!.PlayAsync(step, caller, where, ct);
        }
        else if (step.Questionnaire is { } q)
        {
            // A customer's questionnaire, answered from the system's standing; the approved answers fill the answer library.
            Features.Assurance.QuestionnaireDto imported;
            await using (var content = File.OpenRead(Path.Combine(directory, q.File)))
                imported = Check(await Use<Features.Assurance.ImportQuestionnaire>().ExecuteAsync(q.System, Path.GetFileName(q.File), content, q.Title, caller, ct), where);
            for (var i = 0; i < q.Approve.Count; i++)
            {
                var approval = q.Approve[i];
                var question = imported.Questions.FirstOrDefault(x => x.QuestionRef == approval.Question)
                    ?? throw new InvalidDataException($"{where}.questionnaire.approve[{i}].question: no question '{approval.Question}' in {q.File}.");
                Check(await Use<Features.Assurance.ApproveAnswer>().ExecuteAsync(imported.Id, question.Id, new Features.Assurance.AnswerInput { Answer = approval.Answer }, null, caller, ct),
                    $"{where}.questionnaire.approve[{i}]");
            }
        }
        else
        {
            throw new InvalidDataException($"{where}: names no action (evidence, waiver, approve_waiver, release, sign_off, decide, risk, oversight_policy, approve_oversight_policy, decisions, review_queue, appeal, monitoring_plan, monitoring_run, move_incident, contain, incident_review, complete_actions or questionnaire).");
        }
    }

    /// <summary>
    /// The personas become demo users (one password, from the story file) and members of their systems' teams, so a
    /// newcomer can sign in as each and walk the journeys, and the story's steps pass the same access rules as theirs.
    /// </summary>
    private async Task<Dictionary<string, CallerIdentity>> SignUpAsync(string file, DemoGovernanceFile story, CancellationToken ct)
    {
        if (story.DemoPassword.Length < PasswordHashing.MinimumLength)
            throw new InvalidDataException($"{file}: demo_password must be at least {PasswordHashing.MinimumLength} characters.");
        var callers = new Dictionary<string, CallerIdentity>(StringComparer.Ordinal);
        for (var i = 0; i < story.Personas.Count; i++)
        {
            var p = story.Personas[i];
            var where = $"{file}: personas[{i}]";
            var user = Check(await Use<CreateUser>().ExecuteAsync(new UserInput
            {
                UserName = p.UserName,
                DisplayName = p.Name,
                Roles = p.Roles,
                Specialties = p.Specialties,
                Password = story.DemoPassword,
            }, CallerIdentity.Attest, ct), where).User;
            foreach (var system in p.Systems)
            {
                foreach (var role in p.Roles.Where(Engine.Access.Roles.SystemScoped.Contains))
                    Check(await Use<GrantSystemMembership>().ExecuteAsync(system, user.UserName, role, CallerIdentity.Attest, ct), $"{where}.systems");
            }
            callers[p.Id] = new CallerIdentity(new Actor($"user:{user.UserName}", user.DisplayName), p.Roles, p.Specialties, null, user.Id);
        }
        // Production systems log decisions with a service key bound to their system, as a real integration would.
        for (var i = 0; i < story.Services.Count; i++)
        {
            var s = story.Services[i];
            var key = Check(await Use<CreateApiKey>().ExecuteAsync(new ApiKeyInput { Name = s.Name, Roles = [Engine.Access.Roles.Service], System = s.System },
                CallerIdentity.Attest, ct), $"{file}: services[{i}]").Key;
            callers[s.Id] = new CallerIdentity(new Actor($"key:{key.Id}", $"API key {key.Name}"), key.Roles, [], key.SystemId, null);
        }
        return callers;
    }

    // The use cases run on the demo clock; everything else they need comes from the scope.
    private T Use<T>() where T : notnull => new DemoServices(services, clock).Get<T>();

    private static string Lookup(Dictionary<string, string> refs, string name, string where) =>
        refs.TryGetValue(name, out var id) ? id : throw new InvalidDataException($"{where}: no earlier step defines ref '{name}'.");

    internal static TEnum Parse<TEnum>(string value, string where) where TEnum : struct, Enum =>
        WireName.TryParse<TEnum>(value, out var parsed)
            ? parsed
            : throw new InvalidDataException($"{where}: '{value}' is not one of {string.Join(", ", WireName.All<TEnum>())}.");

    private static string MediaTypeOf(string file) => Path.GetExtension(file).ToLowerInvariant() switch
    {
        ".md" => "text/markdown",
        ".json" => "application/json",
        ".csv" => "text/csv",
        _ => "application/octet-stream",
    };

    /// <summary>The use case's answer, or the step and the refusal that stop the seeding.</summary>
    internal static T Check<T>(Result<T> result, string where) =>
        result.IsOk
            ? result.Value!
            : throw new InvalidDataException($"{where}: {result.Message}{string.Concat(result.Errors.Select(e => $" {e.Key}: {string.Join("; ", e.Value)}"))}");
}
