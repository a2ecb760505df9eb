using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Attest.Core.Common;
using Attest.Core.Features.Identity;
using Attest.Engine.Access;
using Spectre.Console;

namespace Attest.Cli.Commands;

/// <summary>`attest keys create|list|revoke`: API keys for automation, managed by the operator of the data directory.</summary>
internal static class KeysCommand
{
    public static Command Create(CliConsole console) => new("keys", "API keys for automation (CI, runtime ingestion).") { CreateKey(console), List(console), Revoke(console) };

    private static Command CreateKey(CliConsole console)
    {
        var data = CommonOptions.Data();
        var postgres = CommonOptions.Postgres();
        var name = new Option<string>("--name") { Description = "What the key is for, e.g. github-actions.", Required = true };
        var roles = new Option<string[]>("--role") { Description = $"Role(s) of the key: {string.Join(" | ", Roles.All)}.", Required = true, AllowMultipleArgumentsPerToken = true };
        var system = new Option<string?>("--system") { Description = "Limit the key to one system (slug or id)." };
        var expires = new Option<DateOnly?>("--expires") { Description = "Expiry date (UTC, YYYY-MM-DD)." };
        var json = CommonOptions.Json();
        var command = new Command("create", "Create an API key and print it once (it is stored only as a hash).") { data, postgres, name, roles, system, expires, json };
        command.SetAction(async (parse, ct) =>
        {
            await using var session = await CoreSession.OpenAsync(CommonOptions.ResolveDatabase(parse.GetValue(data), parse.GetValue(postgres)), ct);
            var result = await session.Get<CreateApiKey>().ExecuteAsync(new ApiKeyInput
            {
                Name = parse.GetValue(name),
                Roles = [.. parse.GetValue(roles) ?? []],
                System = parse.GetValue(system),
                ExpiresAt = parse.GetValue(expires) is { } d ? new DateTimeOffset(d.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : null,
            }, CliActor.Caller, ct);
            if (!result.IsOk) throw new CliUsageException(Describe(result));
            var created = result.Value!;
            if (parse.GetValue(json))
            {
                await console.Out.WriteLineAsync(JsonSerializer.Serialize(created, AttestJson.Indented));
                return ExitCodes.Ok;
            }
            // The key alone on stdout, so scripts can capture it; the explanation goes to stderr.
            await console.Out.WriteLineAsync(created.Secret);
            await console.Error.WriteLineAsync($"Created API key {created.Key.Id} '{created.Key.Name}' (roles: {string.Join(", ", created.Key.Roles)}). Store it now: it is not shown again. Use it as 'Authorization: Bearer <key>'.");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command List(CliConsole console)
    {
        var data = CommonOptions.Data();
        var postgres = CommonOptions.Postgres();
        var json = CommonOptions.Json();
        var command = new Command("list", "List API keys (never their secrets).") { data, postgres, json };
        command.SetAction(async (parse, ct) =>
        {
            await using var session = await CoreSession.OpenAsync(CommonOptions.ResolveDatabase(parse.GetValue(data), parse.GetValue(postgres)), ct);
            var keys = await session.Get<ListApiKeys>().ExecuteAsync(Attest.Core.Governance.ReadScope.Everything, ct);
            if (parse.GetValue(json))
            {
                await console.Out.WriteLineAsync(JsonSerializer.Serialize(keys, AttestJson.Indented));
                return ExitCodes.Ok;
            }
            var table = new Table().AddColumns("Id", "Name", "Roles", "System", "Created", "Last used", "Status");
            var now = console.Time.GetUtcNow();
            foreach (var k in keys)
                table.AddRow(k.Id, Markup.Escape(k.Name), string.Join(", ", k.Roles), k.SystemId ?? "all", Date(k.CreatedAt), k.LastUsedAt is { } u ? Date(u) : "never", Status(k, now));
            console.Ansi.Write(table);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Revoke(CliConsole console)
    {
        var id = new Argument<string>("KEY_ID") { Description = "The key's id (key_…), from 'attest keys list'." };
        var data = CommonOptions.Data();
        var postgres = CommonOptions.Postgres();
        var command = new Command("revoke", "Revoke an API key at once.") { id, data, postgres };
        command.SetAction(async (parse, ct) =>
        {
            await using var session = await CoreSession.OpenAsync(CommonOptions.ResolveDatabase(parse.GetValue(data), parse.GetValue(postgres)), ct);
            var result = await session.Get<RevokeApiKey>().ExecuteAsync(parse.GetValue(id)!, CliActor.Caller, ct);
            if (!result.IsOk) throw new CliUsageException(result.Message!);
            await console.Out.WriteLineAsync($"Revoked {result.Value!.Id} '{result.Value.Name}'.");
            return ExitCodes.Ok;
        });
        return command;
    }

    internal static string Describe<T>(Result<T> result) =>
        result.Errors.Count == 0 ? result.Message! : string.Join("; ", result.Errors.Select(e => $"{OptionName(e.Key)}: {string.Join(", ", e.Value)}"));

    // "roles[0]" → "--role", "user_name" → "--username": the option the user typed.
    private static string OptionName(string field) => field.Split('[')[0] switch
    {
        "roles" => "--role",
        "specialties" => "--specialty",
        "user_name" => "--username",
        "display_name" => "--name",
        "expires_at" => "--expires",
        var other => "--" + other.Replace('_', '-'),
    };

    private static string Date(DateTimeOffset d) => d.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    /// <summary>"revoked", "expired 2026-01-01 00:00" (red), "active, expires …" or "active" (green).</summary>
    internal static string Status(ApiKeyDto key, DateTimeOffset now) => key switch
    {
        { RevokedAt: { } r } => $"[red]revoked {Date(r)}[/]",
        { ExpiresAt: { } e } when e <= now => $"[red]expired {Date(e)}[/]",
        { ExpiresAt: { } e } => $"[green]active[/], expires {Date(e)}",
        _ => "[green]active[/]",
    };
}
