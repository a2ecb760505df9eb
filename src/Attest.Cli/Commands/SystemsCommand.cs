using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Attest.Core.Common;
using Attest.Core.Features.Compliance;
using Attest.Core.Features.Inventory;
using Attest.Core.Governance;
using Attest.Engine.Classification;
using Attest.Engine.Inventory;
using Spectre.Console;

namespace Attest.Cli.Commands;

/// <summary>`attest systems list|show|standing|incomplete`: the inventory from a local data directory.</summary>
internal static class SystemsCommand
{
    public static Command Create(CliConsole console) => new("systems", "The AI system inventory.") { List(console), Show(console), Standing(console), Incomplete(console) };

    /// <summary>Where one system stands — the same query the system page and `GET /systems/{slug}/standing` read.</summary>
    private static Command Standing(CliConsole console)
    {
        var slug = new Argument<string>("SLUG") { Description = "The system's slug or id." };
        var data = CommonOptions.Data();
        var postgres = CommonOptions.Postgres();
        var json = CommonOptions.Json();
        var command = new Command("standing", "Show where one AI system stands: classification, each required control's status, the pre-launch gate and the approval in force.") { slug, data, postgres, json };
        command.SetAction(async (parse, ct) =>
        {
            await using var session = await CoreSession.OpenReadOnlyAsync(CommonOptions.ResolveDatabase(parse.GetValue(data), parse.GetValue(postgres)), ct);
            var result = await session.Get<GetSystemStanding>().ExecuteAsync(parse.GetValue(slug)!, ct);
            if (!result.IsOk) throw new CliUsageException(result.Message!);
            var s = result.Value!;
            if (parse.GetValue(json))
            {
                await console.Out.WriteLineAsync(JsonSerializer.Serialize(s, AttestJson.Indented));
                return ExitCodes.Ok;
            }
            var facts = new Grid().AddColumn().AddColumn();
            void Fact(string label, string value) => facts.AddRow(new Markup($"[bold]{label}[/]"), new Text(value));
            Fact("Classification", s.Classification == GetSystemStanding.Classified
                ? $"{WireName.Of(s.EuAiActClass!.Value)}, tier {WireName.Of(s.Tier!.Value)}"
                : s.Classification == GetSystemStanding.Incomplete ? $"incomplete: {s.Missing.Count} question(s) to answer" : "not classified yet");
            Fact("Controls", $"{s.ControlsMet} of {s.ControlsRequired} required controls met");
            Fact("Pre-launch gate", s.Gate is { } g ? $"{WireName.Of(g.Decision)} ({g.Unmet} of {g.Requirements} requirements unmet)" : s.GateUnavailable ?? "—");
            Fact("Approval in force", s.ApprovalInForce is { } a ? $"{WireName.Of(a.Decision)} {a.ReviewId} for {a.ModelVersion ?? "the system"}" : "none");
            console.Ansi.Write(new Panel(facts).Header(Markup.Escape(s.SystemName)));
            var controls = new Table().Title("Required controls").AddColumns("Control", "Status", "Waiver");
            foreach (var c in s.Controls)
                controls.AddRow(Markup.Escape(c.ControlId + " " + c.Title), WireName.Of(c.Status),
                    c.WaiverId is null ? "—" : Markup.Escape($"{c.WaiverId} {(c.WaiverExpired ? "expired" : "until")} {c.WaiverExpiresOn:yyyy-MM-dd}"));
            console.Ansi.Write(controls);
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The systems whose classification is incomplete, each with the questions its intake still has to answer.</summary>
    private static Command Incomplete(CliConsole console)
    {
        var data = CommonOptions.Data();
        var postgres = CommonOptions.Postgres();
        var json = CommonOptions.Json();
        var command = new Command("incomplete", "List AI systems whose intake leaves questions that decide the EU AI Act class unanswered, with those questions.")
            { data, postgres, json };
        command.SetAction(async (parse, ct) =>
        {
            await using var session = await CoreSession.OpenReadOnlyAsync(CommonOptions.ResolveDatabase(parse.GetValue(data), parse.GetValue(postgres)), ct);
            var list = await session.Get<ListIncompleteClassifications>().ExecuteAsync(ct);
            if (parse.GetValue(json))
            {
                await console.Out.WriteLineAsync(JsonSerializer.Serialize(list, AttestJson.Indented));
                return ExitCodes.Ok;
            }
            var table = new Table().AddColumns("Slug", "Name", "Intake", "Questions without an answer");
            foreach (var i in list)
                table.AddRow(Markup.Escape(i.SystemSlug), Markup.Escape(i.SystemName), $"v{i.IntakeVersion.ToString(CultureInfo.InvariantCulture)}",
                    Markup.Escape(string.Join("\n", i.Missing.Select(m => $"{m.Key} ({(m.State == AnswerGap.Unknown ? "unknown" : "not answered")})"))));
            console.Ansi.Write(table);
            console.Ansi.WriteLine($"{list.Count} system(s) with an incomplete classification");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command List(CliConsole console)
    {
        var data = CommonOptions.Data();
        var postgres = CommonOptions.Postgres();
        var json = CommonOptions.Json();
        var stage = new Option<string?>("--stage") { Description = $"Only systems in this stage: {SnakeCase.Allowed<LifecycleStage>()}." };
        var tier = new Option<string?>("--tier") { Description = "Only systems in this internal tier." };
        var owner = new Option<string?>("--owner") { Description = "Only systems whose business or technical owner contains this text." };
        var query = new Option<string?>("--query", "-q") { Description = "Free-text search over name, slug, purpose and business unit." };
        var command = new Command("list", "List AI systems.") { data, postgres, json, stage, tier, owner, query };
        command.SetAction(async (parse, ct) =>
        {
            LifecycleStage? stageFilter = null;
            if (parse.GetValue(stage) is { } s)
            {
                if (!SnakeCase.TryParse<LifecycleStage>(s, out var parsed))
                    throw new CliUsageException($"--stage must be one of {SnakeCase.Allowed<LifecycleStage>()}, got '{s}'.");
                stageFilter = parsed;
            }
            await using var session = await CoreSession.OpenReadOnlyAsync(CommonOptions.ResolveDatabase(parse.GetValue(data), parse.GetValue(postgres)), ct);
            var result = await session.Get<ListSystems>().ExecuteAsync(new SystemFilter
            {
                Stage = stageFilter,
                Tier = parse.GetValue(tier),
                Owner = parse.GetValue(owner),
                Query = parse.GetValue(query),
                PageSize = SystemFilter.MaxPageSize,
            }, ReadScope.Everything, ct);
            if (!result.IsOk) throw new CliUsageException(result.Message!);
            var page = result.Value!;
            if (parse.GetValue(json))
            {
                await console.Out.WriteLineAsync(JsonSerializer.Serialize(page, AttestJson.Indented));
                return ExitCodes.Ok;
            }
            var table = new Table().AddColumns("Slug", "Name", "Stage", "EU AI Act", "Tier", "Business owner", "Models", "Deployments");
            foreach (var sys in page.Items)
                table.AddRow(Markup.Escape(sys.Slug), Markup.Escape(sys.Name), SnakeCase.FromEnum(sys.Stage), sys.EuAiActClass ?? "unclassified", sys.Tier ?? "—",
                    Markup.Escape(sys.BusinessOwner), sys.ModelCount.ToString(CultureInfo.InvariantCulture), sys.DeploymentCount.ToString(CultureInfo.InvariantCulture));
            console.Ansi.Write(table);
            console.Ansi.WriteLine($"{page.Total} system(s)");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Show(CliConsole console)
    {
        var slug = new Argument<string>("SLUG") { Description = "The system's slug or id." };
        var data = CommonOptions.Data();
        var postgres = CommonOptions.Postgres();
        var json = CommonOptions.Json();
        var command = new Command("show", "Show one AI system with its models, datasets and deployments.") { slug, data, postgres, json };
        command.SetAction(async (parse, ct) =>
        {
            await using var session = await CoreSession.OpenReadOnlyAsync(CommonOptions.ResolveDatabase(parse.GetValue(data), parse.GetValue(postgres)), ct);
            var result = await session.Get<GetSystem>().ExecuteAsync(parse.GetValue(slug)!, ct);
            if (!result.IsOk) throw new CliUsageException(result.Message!);
            var s = result.Value!;
            if (parse.GetValue(json))
            {
                await console.Out.WriteLineAsync(JsonSerializer.Serialize(s, AttestJson.Indented));
                return ExitCodes.Ok;
            }
            var facts = new Grid().AddColumn().AddColumn();
            void Fact(string label, string? value) => facts.AddRow(new Markup($"[bold]{label}[/]"), new Text(string.IsNullOrEmpty(value) ? "—" : value));
            Fact("Slug", s.Slug);
            Fact("Stage", SnakeCase.FromEnum(s.Stage));
            Fact("EU AI Act", s.EuAiActClass ?? "unclassified");
            Fact("Tier", s.Tier);
            Fact("Purpose", s.Purpose);
            Fact("Intended use", s.IntendedUse);
            Fact("Business owner", s.BusinessOwner);
            Fact("Technical owner", s.TechnicalOwner);
            Fact("Business unit", s.BusinessUnit);
            Fact("Jurisdictions", string.Join(", ", s.Jurisdictions));
            Fact("User populations", string.Join(", ", s.UserPopulations));
            Fact("Data classes", string.Join(", ", s.DataClasses));
            console.Ansi.Write(new Panel(facts).Header(Markup.Escape(s.Name)));

            var models = new Table().Title("Model versions").AddColumns("Model", "Kind", "Provider", "Training data", "Artifact SHA-256");
            foreach (var m in s.Models)
                models.AddRow(Markup.Escape(m.Name + "@" + m.Version), SnakeCase.FromEnum(m.Kind), Markup.Escape(SnakeCase.FromEnum(m.Provider) + (m.ProviderName is null ? "" : $" ({m.ProviderName})")),
                    Markup.Escape(string.Join(", ", m.TrainingDatasets.Select(d => d.Slug))), m.ArtifactSha256 ?? "—");
            console.Ansi.Write(models);

            var deployments = new Table().Title("Deployments").AddColumns("Environment", "Region", "Model", "Since", "Status");
            foreach (var d in s.Deployments)
                deployments.AddRow(SnakeCase.FromEnum(d.Environment), Markup.Escape(d.Region), Markup.Escape(d.Model),
                    d.DeployedOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "—", SnakeCase.FromEnum(d.Status));
            console.Ansi.Write(deployments);
            return ExitCodes.Ok;
        });
        return command;
    }
}
