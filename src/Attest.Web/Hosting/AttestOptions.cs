namespace Attest.Web.Hosting;

/// <summary>Server settings from configuration (command line, ATTEST_* environment variables, appsettings).</summary>
public sealed record AttestOptions(string DataDirectory, string? PostgresConnectionString, bool Demo, long MaxJsonBodyBytes)
{
    /// <summary>The regulatory calendar in force (data/calendar/*.yaml name); null for the default, verified one.</summary>
    public string? Calendar { get; init; }

    /// <summary>The largest evidence file an upload may carry (Attest:MaxEvidenceBytes; default 50 MB).</summary>
    public long MaxEvidenceBytes { get; init; } = Attest.Core.Features.Evidence.EvidenceSettings.DefaultMaxBytes;

    public const long DefaultMaxJsonBodyBytes = 1024 * 1024;

    /// <summary>
    /// Where the ledger signing key lives and which witnesses receive checkpoints: Attest:Ledger:KeyFile, :Key,
    /// :KeyPassphrase, :KeyPassphraseFile and Attest:Witness:Directory, :Url, :Git — each falling back to its
    /// ATTEST_LEDGER_KEY_FILE, ATTEST_LEDGER_KEY, ATTEST_LEDGER_KEY_PASSPHRASE(_FILE), ATTEST_WITNESS_DIR/URL/GIT variable.
    /// </summary>
    public Attest.Core.Features.Ledger.LedgerOptions Ledger { get; init; } = Attest.Core.Features.Ledger.LedgerOptions.Default;

    /// <summary>
    /// The shared secrets key (Attest:SecretsKeyFile / ATTEST_SECRETS_KEY_FILE, or Attest:SecretsKey / ATTEST_SECRETS_KEY):
    /// required for several instances on one database (cookies, antiforgery and webhook secrets shared, encrypted at rest).
    /// </summary>
    public Attest.Core.Features.Operations.InstallationSecrets Secrets { get; init; } = Attest.Core.Features.Operations.InstallationSecrets.None;

    private static Attest.Core.Features.Ledger.LedgerOptions LedgerFrom(IConfiguration config)
    {
        string? Value(string key, string variable) => config[key] ?? Environment.GetEnvironmentVariable(variable);
        return new(
            Attest.Core.Features.Ledger.LedgerSigningSettings.From(
                Value("Attest:Ledger:KeyFile", "ATTEST_LEDGER_KEY_FILE"), Value("Attest:Ledger:Key", "ATTEST_LEDGER_KEY"),
                Value("Attest:Ledger:KeyPassphrase", "ATTEST_LEDGER_KEY_PASSPHRASE"), Value("Attest:Ledger:KeyPassphraseFile", "ATTEST_LEDGER_KEY_PASSPHRASE_FILE")),
            Attest.Core.Features.Ledger.WitnessSettings.From(
                Value("Attest:Witness:Directory", "ATTEST_WITNESS_DIR"), Value("Attest:Witness:Url", "ATTEST_WITNESS_URL"), Value("Attest:Witness:Git", "ATTEST_WITNESS_GIT")));
    }

    public static AttestOptions From(IConfiguration config) => new(
        config["Attest:Data"] ?? Environment.GetEnvironmentVariable("ATTEST_DATA") ?? "./attest-data",
        config["Attest:Postgres"] ?? Environment.GetEnvironmentVariable("ATTEST_POSTGRES"),
        bool.TryParse(config["Attest:Demo"], out var demo) && demo,
        long.TryParse(config["Attest:MaxJsonBodyBytes"], out var max) ? max : DefaultMaxJsonBodyBytes)
    {
        Calendar = config["Attest:Calendar"] ?? Environment.GetEnvironmentVariable("ATTEST_CALENDAR"),
        MaxEvidenceBytes = long.TryParse(config["Attest:MaxEvidenceBytes"], out var maxEvidence) && maxEvidence > 0 ? maxEvidence : Attest.Core.Features.Evidence.EvidenceSettings.DefaultMaxBytes,
        Ledger = LedgerFrom(config),
        Secrets = Attest.Core.Features.Operations.InstallationSecrets.From(
            config["Attest:SecretsKeyFile"] ?? Environment.GetEnvironmentVariable("ATTEST_SECRETS_KEY_FILE"),
            config["Attest:SecretsKey"] ?? Environment.GetEnvironmentVariable("ATTEST_SECRETS_KEY")),
    };
}
