using System.CommandLine;
using Attest.Core.Features.Ledger;
using Attest.Engine.Ledger;

namespace Attest.Cli.Commands;

/// <summary>
/// `attest ledger create-key --output FILE [--passphrase-stdin | --passphrase-file F]`: a new Ed25519 signing
/// key as PKCS#8 PEM (encrypted with a passphrase when given), to keep outside the data directory and
/// configure with ATTEST_LEDGER_KEY_FILE (and ATTEST_LEDGER_KEY_PASSPHRASE).
/// </summary>
internal static class LedgerCreateKeyCommand
{
    public static Command Create(CliConsole console)
    {
        var output = new Option<string>("--output", "-o") { Description = "Where to write the private key (created with mode 0600; never overwritten).", Required = true, HelpName = "FILE" };
        var passphraseStdin = new Option<bool>("--passphrase-stdin") { Description = "Encrypt the key with a passphrase read from standard input (first line)." };
        var passphraseFile = new Option<string?>("--passphrase-file") { Description = "Encrypt the key with the passphrase in this file (first line).", HelpName = "FILE" };
        var command = new Command("create-key", "Create a ledger signing key to keep outside the data directory (optionally passphrase-protected); prints its id and public key.")
        {
            output, passphraseStdin, passphraseFile,
        };
        command.SetAction(async (ParseResult parse, CancellationToken ct) =>
        {
            var path = parse.GetValue(output)!;
            string? passphrase = null;
            if (parse.GetValue(passphraseStdin)) passphrase = (await Console.In.ReadLineAsync(ct))?.TrimEnd('\r', '\n');
            else if (parse.GetValue(passphraseFile) is { } passphrasePath)
            {
                try
                {
                    passphrase = File.ReadLines(passphrasePath).FirstOrDefault();
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    throw new CliUsageException($"--passphrase-file {passphrasePath}: cannot read it ({e.Message})");
                }
            }
            if (passphrase is { Length: 0 }) throw new CliUsageException("the passphrase is empty");
            var (pem, publicKey) = SigningKeyFile.Create(passphrase);
            try
            {
                var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
                if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
                await using var file = new FileStream(path, options);
                await file.WriteAsync(System.Text.Encoding.ASCII.GetBytes(pem), ct);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new CliUsageException($"--output {path}: cannot create the key file ({e.Message})");
            }
            var keyId = Checkpoint.KeyIdOf(publicKey);
            await console.Error.WriteLineAsync($"Created Ed25519 ledger key {keyId} in {path}{(passphrase is null ? "" : " (passphrase-protected)")}. "
                + $"Sign with it: ATTEST_LEDGER_KEY_FILE={path}{(passphrase is null ? "" : " and ATTEST_LEDGER_KEY_PASSPHRASE (or _FILE)")}; the previous key is retired when it first signs.");
            await console.Out.WriteLineAsync($"# key_id {keyId}");
            await console.Out.WriteAsync(Ed25519PublicKeys.ToPem(publicKey));
            return ExitCodes.Ok;
        });
        return command;
    }
}

/// <summary>`attest ledger check --data DIR`: re-verify every stored entry, payload, chain link and checkpoint (what the server's audit does).</summary>
internal static class LedgerCheckCommand
{
    public static Command Create(CliConsole console)
    {
        var data = CommonOptions.Data();
        var postgres = CommonOptions.Postgres();
        var command = new Command("check", "Re-verify the stored ledger in place: entries, payloads, the chain and every checkpoint against the Merkle tree. Exit 1 names the first altered entry.") { data, postgres };
        command.SetAction(async (ParseResult parse, CancellationToken ct) =>
        {
            await using var session = await CoreSession.OpenAsync(CommonOptions.ResolveDatabase(parse.GetValue(data), parse.GetValue(postgres)), ct);
            var result = await session.Get<AuditLedger>().ExecuteAsync(ct);
            if (result.Problem is { } problem)
            {
                await console.Out.WriteLineAsync($"FAILED: {problem}");
                return ExitCodes.CheckFailed;
            }
            await console.Out.WriteLineAsync($"OK: {result.Entries} entries and {result.Checkpoints} stored checkpoints re-verified");
            return ExitCodes.Ok;
        });
        return command;
    }
}
