using System.Text.Json;
using System.Text.Json.Nodes;
using Attest.Core.Features.Ledger;
using Attest.Core.Governance;
using Attest.Engine.Oversight;

namespace Attest.Core.Features.Oversight;

/// <summary>Verifies a decision trace offline: the Engine's hashing and proofs, with Ed25519 signatures checked against the keys the verifier trusts.</summary>
public static class DecisionTraces
{
    public static readonly TraceLedgerActions Actions = new(
        LedgerActions.DecisionBatchRecorded.Name, LedgerActions.OversightPolicyApproved.Name, LedgerActions.ReviewDecided.Name,
        LedgerActions.ReviewItemResolved.Name, LedgerActions.DecisionAppealed.Name);

    /// <summary>The verdict; <see cref="FormatException"/> when the text is not a trace at all.</summary>
    /// <param name="trustedKeys">Raw Ed25519 public keys; none: the key embedded in the trace (shows consistency, not authorship).</param>
    public static TraceVerification Verify(string json, IReadOnlyCollection<byte[]>? trustedKeys)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json);
        }
        catch (JsonException e)
        {
            throw new FormatException($"not JSON ({e.Message})");
        }
        if (node is not JsonObject trace) throw new FormatException("not a JSON object");
        return DecisionTraceVerifier.Verify(trace, Actions, signed => CheckpointVerification.Problem(signed, trustedKeys));
    }
}
