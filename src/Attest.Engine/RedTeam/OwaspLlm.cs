namespace Attest.Engine.RedTeam;

/// <summary>
/// The OWASP Top 10 for LLM Applications 2025 (v2.0) ids probes are filed under, and the crosswalk from the 2023 (v1.1)
/// numbering that garak and older tools use. The crosswalk follows OWASP's own 2023→2025 change notes: insecure output
/// handling became LLM05, sensitive information disclosure LLM02, supply chain LLM03, training data poisoning grew into
/// LLM04 data and model poisoning, model denial of service and model theft merged into LLM10 unbounded consumption,
/// insecure plugin design folded into LLM06 excessive agency, overreliance became LLM09 misinformation; LLM07 system
/// prompt leakage and LLM08 vector and embedding weaknesses are new in 2025.
/// </summary>
public static class OwaspLlm
{
    public static readonly IReadOnlyDictionary<string, string> Titles2025 = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["LLM01"] = "Prompt Injection",
        ["LLM02"] = "Sensitive Information Disclosure",
        ["LLM03"] = "Supply Chain",
        ["LLM04"] = "Data and Model Poisoning",
        ["LLM05"] = "Improper Output Handling",
        ["LLM06"] = "Excessive Agency",
        ["LLM07"] = "System Prompt Leakage",
        ["LLM08"] = "Vector and Embedding Weaknesses",
        ["LLM09"] = "Misinformation",
        ["LLM10"] = "Unbounded Consumption",
    };

    /// <summary>2023 (v1.1) id → 2025 id.</summary>
    public static readonly IReadOnlyDictionary<string, string> From2023 = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["LLM01"] = "LLM01", // Prompt Injection
        ["LLM02"] = "LLM05", // Insecure Output Handling
        ["LLM03"] = "LLM04", // Training Data Poisoning
        ["LLM04"] = "LLM10", // Model Denial of Service
        ["LLM05"] = "LLM03", // Supply Chain Vulnerabilities
        ["LLM06"] = "LLM02", // Sensitive Information Disclosure
        ["LLM07"] = "LLM06", // Insecure Plugin Design
        ["LLM08"] = "LLM06", // Excessive Agency
        ["LLM09"] = "LLM09", // Overreliance
        ["LLM10"] = "LLM10", // Model Theft
    };

    public static bool IsId(string id) => Titles2025.ContainsKey(id);

    /// <summary>The 2023 ids that map to a 2025 id (empty for LLM07 and LLM08, new in 2025).</summary>
    public static IReadOnlyList<string> To2023(string id2025) =>
        From2023.Where(p => p.Value == id2025).Select(p => p.Key).ToArray();

    public static string Label(string id) => Titles2025.TryGetValue(id, out var title) ? $"{id} {title}" : id;
}
