using System.Globalization;
using System.Text.Json.Nodes;
using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Features.Compliance;
using Attest.Core.Features.Compliance.Intake;
using Attest.Core.Features.Inventory;
using Attest.Core.Governance;
using Attest.Engine.Classification;
using Attest.Engine.Inventory;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Attest.Core.Demo;

/// <summary>
/// Seeds the demo portfolio (data/demo/portfolio.yaml) through the same use cases users call, so the
/// demo data is validated like any input and every record has its ledger entry; then plays the governance
/// story next to it (governance.yaml: evidence, waivers, reviews). All of it runs on a demo clock that starts
/// months before today, so the history, evidence ages and waiver expiries look like a running programme's.
/// </summary>
public sealed class SeedDemoPortfolio(AttestDbContext db, TimeProvider time, IServiceProvider services)
{
    public static string DefaultFile => Path.Combine(AppContext.BaseDirectory, "data", "demo", "portfolio.yaml");

    /// <summary>The demo's intake answers: intakes/&lt;system slug&gt;.yaml next to the portfolio file.</summary>
    public static string IntakeDirectoryFor(string portfolioFile) => Path.Combine(Path.GetDirectoryName(Path.GetFullPath(portfolioFile))!, "intakes");

    /// <summary>The demo users the governance story makes (user name, display name) and their one password, for `serve --demo` to print.</summary>
    public static (IReadOnlyList<(string UserName, string Name)> Users, string Password) DemoUsers(string? file = null)
    {
        var storyFile = DemoGovernanceStory.FileNextTo(file ?? DefaultFile);
        if (!File.Exists(storyFile))
            return ([], "");
        var story = DemoGovernanceStory.Load(storyFile);
        return (story.Personas.Select(p => (p.UserName, p.Name)).ToList(), story.DemoPassword);
    }

    /// <summary>Seeds when the database holds no systems yet; returns how many systems were added.</summary>
    public async Task<int> ExecuteAsync(string file, CancellationToken ct)
    {
        if (await db.Systems.AnyAsync(ct)) return 0;
        var portfolio = Load(file);
        var intakes = ReadIntakesAgreeingWithPortfolio(file, portfolio, services.GetRequiredService<ComplianceData>());
        var storyFile = DemoGovernanceStory.FileNextTo(file);
        var story = File.Exists(storyFile) ? DemoGovernanceStory.Load(storyFile) : null;
        var clock = new DemoClock(time.GetUtcNow(), -(story?.PortfolioRegisteredDay ?? -1));
        var demo = new DemoServices(services, clock);
        var registerSystem = demo.Get<RegisterSystem>();
        var saveDataset = demo.Get<SaveDataset>();
        var registerModel = demo.Get<RegisterModelVersion>();
        var saveDeployment = demo.Get<SaveDeployment>();
        var submitIntake = demo.Get<SubmitIntake>();
        var actor = CallerIdentity.Attest;

        foreach (var d in portfolio.Datasets)
        {
            Check(await saveDataset.RegisterAsync(new DatasetInput
            {
                Slug = d.Slug,
                Name = d.Name,
                Description = d.Description,
                Source = d.Source,
                Owner = d.Owner,
                PersonalDataClasses = d.PersonalDataClasses,
                LegalBasis = d.LegalBasis is null ? null : SnakeCase.ToEnum<LegalBasis>(d.LegalBasis),
                ConsentObtained = d.ConsentObtained,
                Retention = d.Retention,
                Parents = d.Parents,
            }, actor, ct), $"dataset {d.Slug}");
        }

        foreach (var s in portfolio.Systems)
        {
            var system = Check(await registerSystem.ExecuteAsync(new SystemInput
            {
                Slug = s.Slug,
                Name = s.Name,
                Purpose = s.Purpose,
                IntendedUse = s.IntendedUse,
                BusinessOwner = s.BusinessOwner,
                TechnicalOwner = s.TechnicalOwner,
                BusinessUnit = s.BusinessUnit,
                Stage = SnakeCase.ToEnum<LifecycleStage>(s.Stage),
                DeploymentSurfaces = s.DeploymentSurfaces,
                UserPopulations = s.UserPopulations,
                Jurisdictions = s.Jurisdictions,
                DataClasses = s.DataClasses,
                ThirdPartyDependencies = s.ThirdPartyDependencies,
                Links = s.Links.Select(l => new LinkInput { Title = l.Title, Url = l.Url }).ToList(),
            }, actor, ct), $"system {s.Slug}");

            foreach (var m in s.Models)
            {
                Check(await registerModel.ExecuteAsync(system.Id, new ModelVersionInput
                {
                    Name = m.Name,
                    Version = m.Version,
                    Kind = SnakeCase.ToEnum<ModelKind>(m.Kind),
                    Provider = SnakeCase.ToEnum<ModelProvider>(m.Provider),
                    ProviderName = m.ProviderName,
                    License = m.License,
                    ArtifactUri = m.ArtifactUri,
                    ArtifactSha256 = m.ArtifactSha256,
                    TrainingDatasets = m.TrainingDatasets,
                    Config = ToJson(m.Config),
                    PromptTemplateSha256 = m.PromptTemplateSha256,
                    RetrievalCorpusSha256 = m.RetrievalCorpusSha256,
                }, actor, ct), $"model {s.Slug}/{m.Name}@{m.Version}");
            }

            foreach (var d in s.Deployments)
            {
                Check(await saveDeployment.RecordAsync(system.Id, new DeploymentInput
                {
                    ModelVersion = d.Model,
                    Environment = SnakeCase.ToEnum<DeploymentEnvironment>(d.Environment),
                    Region = d.Region,
                    DeployedOn = d.DeployedOn is null ? null : DateOnly.ParseExact(d.DeployedOn, "yyyy-MM-dd", CultureInfo.InvariantCulture),
                    Status = d.Status is null ? null : SnakeCase.ToEnum<DeploymentStatus>(d.Status),
                }, actor, ct), $"deployment {s.Slug}/{d.Model}");
            }

            // Class and tier come from the intake's classification only: a tier always has the answers that produced it.
            if (intakes.TryGetValue(s.Slug, out var answers))
                Check(await submitIntake.ExecuteAsync(system.Id, answers, actor, ct), $"intake {s.Slug}");
        }
        if (story is not null)
            await new DemoGovernanceStory(services, clock).PlayAsync(storyFile, story, ct);
        // The programme's training records, so the training_completion KPI has a value.
        var training = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(file))!, "training", "records.csv");
        if (File.Exists(training))
            Check(await demo.Get<Features.Training.ImportTrainingRecords>().ExecuteAsync(await File.ReadAllBytesAsync(training, ct), "records.csv", actor, ct), "training records");
        return portfolio.Systems.Count;
    }

    /// <summary>
    /// Reads each system's intake and classifies it before anything is written, refusing (naming the system) a portfolio
    /// that states a class or tier its intake does not produce, or states one without an intake: the portfolio restates
    /// the classification, it never makes one.
    /// </summary>
    internal static Dictionary<string, string> ReadIntakesAgreeingWithPortfolio(string file, DemoPortfolioFile portfolio, ComplianceData data)
    {
        var intakes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var s in portfolio.Systems)
        {
            var path = Path.Combine(IntakeDirectoryFor(file), s.Slug + ".yaml");
            if (!File.Exists(path))
            {
                if (s.EuAiActClass is not null || s.Tier is not null)
                    throw new InvalidDataException($"Demo portfolio system {s.Slug}: it states class {s.EuAiActClass ?? "(none)"} and tier {s.Tier ?? "(none)"} but has no intake {path}; a class and tier come only from an intake's classification.");
                continue;
            }
            var text = File.ReadAllText(path);
            var parsed = IntakeParser.Parse(text, path, data.AnnexIii);
            if (!parsed.Succeeded)
                throw new InvalidDataException($"Demo portfolio system {s.Slug}: intake {path}: {string.Join("; ", parsed.Errors.Select(e => $"{e.Path}: {e.Message}"))}");
            var computed = IntakeAssessment.Assess(parsed.Answers!, data.Tables, data.Calendar, data.Library, data.Routing, LifecycleStages.ToRuleStage(SnakeCase.ToEnum<LifecycleStage>(s.Stage))).Classification;
            var euClass = SystemClassColumns.ClassColumn(computed.Class);
            var tier = computed.Tier is { } t ? SystemClassColumns.TierColumn(t) : SystemClassColumns.Incomplete;
            if ((s.EuAiActClass is not null && s.EuAiActClass != euClass) || (s.Tier is not null && s.Tier != tier))
                throw new InvalidDataException($"Demo portfolio system {s.Slug}: the portfolio states class {s.EuAiActClass ?? "(none)"} and tier {s.Tier ?? "(none)"}, "
                    + $"but its intake {path} classifies it {euClass} and {tier}; class and tier come only from the intake, so make the two agree.");
            intakes[s.Slug] = text;
        }
        return intakes;
    }

    internal static DemoPortfolioFile Load(string file)
    {
        var deserializer = new DeserializerBuilder().WithNamingConvention(UnderscoredNamingConvention.Instance).Build();
        var portfolio = deserializer.Deserialize<DemoPortfolioFile>(File.ReadAllText(file));
        if (portfolio.Format != "attest.demo-portfolio/v1")
            throw new InvalidDataException($"{file}: format must be attest.demo-portfolio/v1, got '{portfolio.Format}'.");
        return portfolio;
    }

    private static JsonObject ToJson(Dictionary<string, string?> config)
    {
        var json = new JsonObject();
        foreach (var (key, value) in config)
        {
            json[key] = value switch
            {
                null => null,
                _ when long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) => l,
                _ when double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
                "true" => true,
                "false" => false,
                _ => value,
            };
        }
        return json;
    }

    private static T Check<T>(Result<T> result, string what) =>
        result.IsOk ? result.Value! : throw new InvalidDataException($"Demo portfolio {what}: {result.Message}");
}
