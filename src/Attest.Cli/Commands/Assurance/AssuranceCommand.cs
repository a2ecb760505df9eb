using System.CommandLine;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Attest.Cli.Commands.Evidence;
using Attest.Core.Common;
using Attest.Core.Features.Assurance;
using Attest.Core.Governance;
using Spectre.Console;

namespace Attest.Cli.Commands.Assurance;

/// <summary>
/// `attest assurance import FILE --system S`, `attest assurance list` and `attest assurance export ID --format
/// csv|xlsx|html --out FILE`, on a server (--server URL --token T, through the REST API) or a local database (--data DIR |
/// --postgres, as the local administrator). Exit 0, or 2 with one line on bad input (a file that is not CSV/XLSX, no
/// question column, an unknown system or questionnaire).
/// </summary>
internal static class AssuranceCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("assurance", "Customer questionnaires: import one for a system (answers proposed), list them, export the filled questionnaire or the trust page.");
        command.Subcommands.Add(Import(console));
        command.Subcommands.Add(List(console));
        command.Subcommands.Add(Export(console));
        return command;
    }

    private static Command Import(CliConsole console)
    {
        var file = new Argument<FileInfo>("FILE") { Description = "The questionnaire: .csv or .xlsx with a question column (and an id column)." };
        var system = new Option<string>("--system") { Description = "The AI system (id or slug) the questionnaire is answered for.", Required = true };
        var title = new Option<string?>("--title") { Description = "A title (default: the file name)." };
        var json = CommonOptions.Json();
        var target = Target();
        var command = new Command("import", "Import a customer questionnaire and propose an answer to each question.") { file, system, title, json };
        target.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(file)!;
            if (!path.Exists)
                throw new CliUsageException($"FILE: {path.FullName} does not exist");
            var slug = parse.GetValue(system)!;
            var name = parse.GetValue(title);
            string text;
            if (parse.GetValue(target.Server) is { } server)
            {
                var query = $"api/v1/assurance/questionnaires?system={Uri.EscapeDataString(slug)}&file_name={Uri.EscapeDataString(path.Name)}"
                    + (name is null ? "" : $"&title={Uri.EscapeDataString(name)}");
                var bytes = await File.ReadAllBytesAsync(path.FullName, ct);
                text = System.Text.Encoding.UTF8.GetString(await GateServer.SendAsync(server, Token(parse, target), HttpMethod.Post, query, new ByteArrayContent(bytes), HttpStatusCode.Created, ct));
            }
            else
            {
                text = await LocalAsync(parse, target, async s =>
                {
                    await using var content = path.OpenRead();
                    var result = await s.Get<ImportQuestionnaire>().ExecuteAsync(slug, path.Name, content, name, CliActor.Caller, ct);
                    return result.IsOk ? JsonSerializer.Serialize(result.Value, AttestJson.Options) : throw new CliUsageException(Describe(result.Message, result.Errors));
                }, ct);
            }
            var q = JsonNode.Parse(text) as JsonObject ?? throw new CliUsageException("the answer is not a questionnaire");
            if (parse.GetValue(json))
            {
                await console.Out.WriteLineAsync(q.ToJsonString(AttestJson.Indented));
                return ExitCodes.Ok;
            }
            var questions = q["questions"]?.AsArray() ?? [];
            var reused = questions.Count(x => x?["reused"]?.GetValue<bool>() == true);
            console.Ansi.MarkupLine($"Imported [bold]{Markup.Escape(q["title"]?.ToString() ?? "")}[/] ({Markup.Escape(q["id"]?.ToString() ?? "")}) for {Markup.Escape(q["system_slug"]?.ToString() ?? "")}: {questions.Count} questions, {reused} reused from the answer library.");
            var table = new Table().AddColumn("id").AddColumn("question").AddColumn("proposed controls");
            foreach (var a in questions)
                table.AddRow(Markup.Escape(a?["question_ref"]?.ToString() ?? ""), Markup.Escape(a?["question"]?.ToString() ?? ""),
                    Markup.Escape((a?["reused"]?.GetValue<bool>() == true ? "reused: " : "") + string.Join(", ", (a?["controls"]?.AsArray() ?? []).Select(c => c?["control_id"]?.ToString()))));
            console.Ansi.Write(table);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command List(CliConsole console)
    {
        var json = CommonOptions.Json();
        var target = Target();
        var command = new Command("list", "The questionnaires of the systems you may read, newest first, with how many answers are approved.") { json };
        target.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var text = parse.GetValue(target.Server) is { } server
                ? System.Text.Encoding.UTF8.GetString(await GateServer.SendAsync(server, Token(parse, target), HttpMethod.Get, "api/v1/assurance/questionnaires", null, HttpStatusCode.OK, ct))
                : await LocalAsync(parse, target, async s => JsonSerializer.Serialize(await s.Get<ListQuestionnaires>().ExecuteAsync(ReadScope.Everything, ct), AttestJson.Options), ct);
            var rows = JsonNode.Parse(text) as JsonArray ?? throw new CliUsageException("the answer is not a list of questionnaires");
            if (parse.GetValue(json))
            {
                await console.Out.WriteLineAsync(rows.ToJsonString(AttestJson.Indented));
                return ExitCodes.Ok;
            }
            if (rows.Count == 0)
            {
                console.Ansi.WriteLine("No questionnaire imported yet.");
                return ExitCodes.Ok;
            }
            var table = new Table().AddColumn("questionnaire").AddColumn("system").AddColumn("approved").AddColumn("imported");
            foreach (var r in rows)
                table.AddRow(Markup.Escape($"{r?["id"]} {r?["title"]}"), Markup.Escape(r?["system_slug"]?.ToString() ?? ""),
                    Markup.Escape($"{r?["approved"]} of {r?["questions"]}"), Markup.Escape(r?["imported_at"]?.ToString() ?? ""));
            console.Ansi.Write(table);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Export(CliConsole console)
    {
        var id = new Argument<string>("ID") { Description = "The questionnaire id (qnr_…)." };
        var format = new Option<string>("--format") { Description = "csv or xlsx (the filled questionnaire), html (the trust page: shareable evidence only).", DefaultValueFactory = _ => "csv" };
        format.AcceptOnlyFromAmong("csv", "xlsx", "html");
        var output = new Option<FileInfo>("--out") { Description = "Where to write the file.", Required = true };
        var target = Target();
        var command = new Command("export", "Write the filled questionnaire (CSV or XLSX) or its trust page (HTML).") { id, format, output };
        target.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var questionnaireId = parse.GetValue(id)!;
            var kind = parse.GetValue(format)!;
            byte[] bytes;
            if (parse.GetValue(target.Server) is { } server)
                bytes = await GateServer.SendAsync(server, Token(parse, target), HttpMethod.Get,
                    $"api/v1/assurance/questionnaires/{Uri.EscapeDataString(questionnaireId)}/export?format={kind}", null, HttpStatusCode.OK, ct);
            else
            {
                await using var session = await CoreSession.OpenAsync(CommonOptions.ResolveDatabase(parse.GetValue(target.Data), parse.GetValue(target.Postgres)), ct);
                var result = await session.Get<ExportQuestionnaire>().ExecuteAsync(questionnaireId, kind, ReadScope.Everything, ct);
                bytes = result.IsOk ? result.Value!.Content : throw new CliUsageException(Describe(result.Message, result.Errors));
            }
            var path = parse.GetValue(output)!;
            await File.WriteAllBytesAsync(path.FullName, bytes, ct);
            console.Ansi.WriteLine($"Wrote {path.FullName} ({bytes.Length} bytes).");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static EvidenceTarget Target()
    {
        var target = EvidenceTarget.Create();
        target.Server.Description = "Attest server URL; work through its REST API (needs --token with assurance.read, assurance.write to import).";
        return target;
    }

    private static string? Token(ParseResult parse, EvidenceTarget target) =>
        parse.GetValue(target.Token) ?? Environment.GetEnvironmentVariable(EvidenceTarget.TokenEnvironmentVariable);

    private static async Task<string> LocalAsync(ParseResult parse, EvidenceTarget target, Func<CoreSession, Task<string>> act, CancellationToken ct)
    {
        await using var session = await CoreSession.OpenAsync(CommonOptions.ResolveDatabase(parse.GetValue(target.Data), parse.GetValue(target.Postgres)), ct);
        return await act(session);
    }

    private static string Describe(string? message, IReadOnlyDictionary<string, string[]> errors) =>
        errors.Count > 0 ? string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join("; ", e.Value)}")) : message ?? "refused";
}
