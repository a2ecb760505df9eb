using System.Text;
using Attest.Core.Features.Documents;
using Attest.Core.Features.Inventory;
using Attest.Engine.Packs;

namespace Attest.Core.Features.Packs;

/// <summary><c>index.md</c>: every file of a pack with what it holds, in plain words, so an auditor knows where to look.</summary>
public static class PackIndex
{
    public const string Path = "index.md";

    private static readonly Dictionary<string, string> Descriptions = new(StringComparer.Ordinal)
    {
        ["summary.md"] = "The pack in plain words: class and tier, gate verdicts, open waivers and risks, incidents, the last decision. Start here.",
        [Path] = "This list.",
        ["system.json"] = "The system as the inventory holds it (the API's shape).",
        ["system-card.md"] = "The system card: purpose, intended use, owners, models, data, deployments, lineage.",
        ["lineage.json"] = "Deployments → model versions → datasets → their sources, as a graph.",
        ["classification.json"] = "The EU AI Act classification, any override, the obligations and the calendar in force.",
        ["controls.json"] = "The controls matrix: each required control, its status and the framework requirements it serves.",
        ["controls.csv"] = "The controls matrix as a spreadsheet.",
        ["evidence.json"] = "Every evidence item (SHA-256 of its content) and the freshness of each control's evidence.",
        [GovernanceRecords.Reviews] = "Release reviews: who requested them, sign-offs by specialty, the decision with rationale and conditions, and the state of each condition.",
        [GovernanceRecords.Waivers] = "Waivers with their state when the pack was made (requested, approved, expired, rejected, revoked), who asked and who approved, expiry.",
        [GovernanceRecords.Risks] = "The risk register: severity, likelihood, treatment, owner, accepted residual risks.",
        [GovernanceRecords.Incidents] = "Incidents with their status, reporting clocks and deadlines, containment and review.",
        [GovernanceRecords.GateVerdicts] = "The release gate of each lifecycle stage as evaluated when the pack was made: every requirement, met or unmet, and why.",
        [GovernanceRecords.MaterialChanges] = "Material-change assessments recorded against the approval in force.",
        [AssurancePackFormat.EntriesPath] = "The ledger entries about this system, with their payloads. Governance records name the entries that recorded them (seq and hash).",
        [AssurancePackFormat.ProofsPath] = "An inclusion proof per ledger entry against the signed checkpoint.",
        [AssurancePackFormat.CheckpointPath] = "The signed ledger checkpoint (tree size and root).",
        [AssurancePackFormat.PublicKeyPath] = "The checkpoint's public key, for openssl. Trust only a key you obtained from the operator yourself.",
        [AssurancePackFormat.ManifestPath] = "Every file's size and SHA-256.",
        [AssurancePackFormat.ManifestSignaturePath] = "The Ed25519 signature over manifest.json.",
    };

    /// <param name="contentPaths">The content files of the pack (index.md included or not); the pack's own files are added.</param>
    public static PackFile Render(SystemDetails system, IEnumerable<string> contentPaths)
    {
        ArgumentNullException.ThrowIfNull(system);
        var paths = contentPaths.Append(Path).Concat(AssurancePackFormat.ReservedPaths).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        var md = new StringBuilder("# Files of this assurance pack\n\n");
        md.Append("System ").Append(MarkdownText.Inline(system.Name)).Append(" (").Append(MarkdownText.Code(system.Slug)).Append("). ")
          .Append("Check the whole pack offline with `attest pack verify pack.zip --trusted-key KEY.pem` or `python3 verify_pack.py pack.zip KEY.pem` ")
          .Append("(docs/ledger.md): every file against the signed manifest, every ledger entry against the checkpoint, every governance record against the ledger entries it names.\n\n");
        md.Append("| File | What it holds |\n|---|---|\n");
        foreach (var path in paths)
            md.Append("| ").Append(MarkdownText.Code(path)).Append(" | ").Append(MarkdownText.Inline(Descriptions.GetValueOrDefault(path, "Content from Attest."))).Append(" |\n");
        return new PackFile(Path, Encoding.UTF8.GetBytes(md.ToString()));
    }
}
