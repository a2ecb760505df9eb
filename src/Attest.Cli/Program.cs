using Attest.Cli;

return await AttestCli.RunAsync(args, CliConsole.Standard, CancellationToken.None);
