namespace Attest.Web.Hosting;

/// <summary>Server settings from configuration (command line, ATTEST_* environment variables, appsettings).</summary>
public sealed record AttestOptions(string DataDirectory, string? PostgresConnectionString, bool Demo, long MaxJsonBodyBytes)
{
    /// <summary>The regulatory calendar in force (data/calendar/*.yaml name); null for the default, verified one.</summary>
    public string? Calendar { get; init; }

    /// <summary>The largest evidence file an upload may carry (Attest:MaxEvidenceBytes; default 50 MB).</summary>
    public long MaxEvidenceBytes { get; init; } = Attest.Core.Features.Evidence.EvidenceSettings.DefaultMaxBytes;

    public const long DefaultMaxJsonBodyBytes = 1024 * 1024;

    public static AttestOptions From(IConfiguration config) => new(
        config["Attest:Data"] ?? Environment.GetEnvironmentVariable("ATTEST_DATA") ?? "./attest-data",
        config["Attest:Postgres"] ?? Environment.GetEnvironmentVariable("ATTEST_POSTGRES"),
        bool.TryParse(config["Attest:Demo"], out var demo) && demo,
        long.TryParse(config["Attest:MaxJsonBodyBytes"], out var max) ? max : DefaultMaxJsonBodyBytes)
    {
        Calendar = config["Attest:Calendar"] ?? Environment.GetEnvironmentVariable("ATTEST_CALENDAR"),
        MaxEvidenceBytes = long.TryParse(config["Attest:MaxEvidenceBytes"], out var maxEvidence) && maxEvidence > 0 ? maxEvidence : Attest.Core.Features.Evidence.EvidenceSettings.DefaultMaxBytes,
    };
}
