using System.CommandLine;
using Attest.Core.Common;
using Attest.Core.Features.Identity;
using Attest.Engine.Access;

namespace Attest.Cli.Commands;

/// <summary>`attest users create|grant`: people who sign in to the web UI.</summary>
internal static class UsersCommand
{
    public static Command Create(CliConsole console) => new("users", "Users of the web UI.") { CreateUser(console), Grant(console) };

    private static Command CreateUser(CliConsole console)
    {
        var data = CommonOptions.Data();
        var postgres = CommonOptions.Postgres();
        var userName = new Option<string>("--username") { Description = "Sign-in name (lowercase).", Required = true };
        var name = new Option<string>("--name") { Description = "Display name, e.g. \"Dana Kim\".", Required = true };
        var email = new Option<string?>("--email") { Description = "Email address." };
        var roles = new Option<string[]>("--role") { Description = $"Role(s): {string.Join(" | ", Roles.All)}.", Required = true, AllowMultipleArgumentsPerToken = true };
        var specialties = new Option<string[]>("--specialty") { Description = $"Reviewer specialties: {string.Join(" | ", Specialties.All)}.", AllowMultipleArgumentsPerToken = true };
        var passwordStdin = new Option<bool>("--password-stdin") { Description = "Read the password from standard input instead of generating one." };
        var command = new Command("create", "Create a user; prints a generated password once unless --password-stdin.") { data, postgres, userName, name, email, roles, specialties, passwordStdin };
        command.SetAction(async (parse, ct) =>
        {
            var password = parse.GetValue(passwordStdin) ? (await Console.In.ReadLineAsync(ct))?.TrimEnd('\r', '\n') : null;
            await using var session = await CoreSession.OpenAsync(CommonOptions.ResolveDatabase(parse.GetValue(data), parse.GetValue(postgres)), ct);
            var result = await session.Get<Core.Features.Identity.CreateUser>().ExecuteAsync(new UserInput
            {
                UserName = parse.GetValue(userName),
                DisplayName = parse.GetValue(name),
                Email = parse.GetValue(email),
                Roles = [.. parse.GetValue(roles) ?? []],
                Specialties = [.. parse.GetValue(specialties) ?? []],
                Password = password,
            }, CliActor.Caller, ct);
            if (!result.IsOk) throw new CliUsageException(KeysCommand.Describe(result));
            var created = result.Value!;
            await console.Out.WriteLineAsync($"Created user {created.User.UserName} ({string.Join(", ", created.User.Roles)}).");
            if (created.GeneratedPassword is { } generated)
                await console.Out.WriteLineAsync($"Password (shown once): {generated}");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Grant(CliConsole console)
    {
        var data = CommonOptions.Data();
        var postgres = CommonOptions.Postgres();
        var userName = new Option<string>("--username") { Description = "The user.", Required = true };
        var system = new Option<string>("--system") { Description = "The system (slug or id).", Required = true };
        var role = new Option<string>("--role") { Description = $"Their role on it: {string.Join(" | ", Roles.SystemScoped)}.", Required = true };
        var command = new Command("grant", "Make a product owner or ML engineer a member of a system, so they may change it.") { data, postgres, userName, system, role };
        command.SetAction(async (parse, ct) =>
        {
            await using var session = await CoreSession.OpenAsync(CommonOptions.ResolveDatabase(parse.GetValue(data), parse.GetValue(postgres)), ct);
            var result = await session.Get<GrantSystemMembership>().ExecuteAsync(parse.GetValue(system)!, parse.GetValue(userName)!, parse.GetValue(role)!, CliActor.Caller, ct);
            if (!result.IsOk) throw new CliUsageException(KeysCommand.Describe(result));
            await console.Out.WriteLineAsync(result.Value ? "Granted." : "Already granted.");
            return ExitCodes.Ok;
        });
        return command;
    }
}
