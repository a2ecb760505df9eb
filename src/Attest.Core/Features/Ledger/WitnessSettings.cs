namespace Attest.Core.Features.Ledger;

/// <summary>
/// Where every signed checkpoint is pushed, as a C2SP checkpoint note, so that someone other than the
/// operator holds it: directories (a share another party controls), webhooks (HTTP POST of the note)
/// and git repositories (a working copy: the note is committed and pushed when it has a remote).
/// </summary>
public sealed record WitnessSettings(IReadOnlyList<string> Directories, IReadOnlyList<string> Webhooks, IReadOnlyList<string> GitRepositories)
{
    public static readonly WitnessSettings None = new([], [], []);

    public bool Any => Directories.Count + Webhooks.Count + GitRepositories.Count > 0;

    /// <summary>ATTEST_WITNESS_DIR and ATTEST_WITNESS_GIT (paths, separated by the platform's path separator), ATTEST_WITNESS_URL (URLs separated by spaces or commas).</summary>
    public static WitnessSettings FromEnvironment() => From(
        Environment.GetEnvironmentVariable("ATTEST_WITNESS_DIR"),
        Environment.GetEnvironmentVariable("ATTEST_WITNESS_URL"),
        Environment.GetEnvironmentVariable("ATTEST_WITNESS_GIT"));

    public static WitnessSettings From(string? directories, string? webhooks, string? gitRepositories) => new(
        Paths(directories),
        (webhooks ?? "").Split([' ', ',', ';', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
        Paths(gitRepositories));

    private static string[] Paths(string? value) =>
        (value ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>How the ledger signs and where its checkpoints go: the part of the configuration Core needs from its host.</summary>
public sealed record LedgerOptions(LedgerSigningSettings Signing, WitnessSettings Witnesses)
{
    public static readonly LedgerOptions Default = new(LedgerSigningSettings.InDataDirectory, WitnessSettings.None);

    public static LedgerOptions FromEnvironment() => new(LedgerSigningSettings.FromEnvironment(), WitnessSettings.FromEnvironment());
}
