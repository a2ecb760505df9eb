using System.CommandLine;
using Attest.Core.Common;
using Attest.Core.Features.Ledger;

namespace Attest.Cli.Commands;

/// <summary>`attest ledger rotate-key --data DIR`: retire the checkpoint signing key and make a new one (recorded as ledger.key_rotated).</summary>
internal static class LedgerRotateKeyCommand
{
    public static Command Create(CliConsole console)
    {
        var data = CommonOptions.Data();
        var postgres = CommonOptions.Postgres();
        var command = new Command("rotate-key", "Retire the ledger's signing key and make a new one. Old checkpoints stay verifiable with the retired public key; publish the new key to auditors.") { data, postgres };
        command.SetAction(async (ParseResult parse, CancellationToken ct) =>
        {
            await using var session = await CoreSession.OpenAsync(CommonOptions.ResolveDatabase(parse.GetValue(data), parse.GetValue(postgres)), ct);
            var result = await session.Get<RotateLedgerKey>().ExecuteAsync(CliActor.Caller, ct);
            if (!result.IsOk) throw new CliUsageException(result.Message!);
            var r = result.Value!;
            await console.Out.WriteLineAsync($"retired key {r.RetiredKeyId}; new active key {r.KeyId} (created {r.Created})");
            await console.Out.WriteLineAsync($"publish it: attest ledger public-key --data {session.Get<Core.Data.DatabaseSettings>().DataDirectory} --all");
            return ExitCodes.Ok;
        });
        return command;
    }
}
