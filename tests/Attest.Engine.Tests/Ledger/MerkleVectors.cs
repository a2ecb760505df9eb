using System.Text.Json;

namespace Attest.Engine.Tests.Ledger;

/// <summary>The RFC 6962 reference vectors shipped in TestData (sources and licences in NOTICE).</summary>
internal static class MerkleVectors
{
    private static JsonDocument Load(string name) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Ledger", "TestData", name)));

    /// <summary>transparency-dev/merkle testonly/constants.go: 8 leaf inputs.</summary>
    public static byte[][] LeafInputs()
    {
        using var doc = Load("rfc6962-test-vectors.json");
        return [.. doc.RootElement.GetProperty("leaf_inputs_hex").EnumerateArray().Select(e => Convert.FromHexString(e.GetString()!))];
    }

    /// <summary>The expected root for tree sizes 0..8 (index = size).</summary>
    public static string[] Roots()
    {
        using var doc = Load("rfc6962-test-vectors.json");
        return [.. doc.RootElement.GetProperty("root_hashes_by_tree_size_hex").EnumerateArray().Select(e => e.GetString()!)];
    }

    public static IEnumerable<(long LeafIndex, long TreeSize, string[] Proof)> InclusionProofs()
    {
        using var doc = Load("rfc6962-proof-vectors.json");
        return [.. doc.RootElement.GetProperty("inclusion").EnumerateArray().Select(e => (
            e.GetProperty("leaf_index").GetInt64(),
            e.GetProperty("tree_size").GetInt64(),
            e.GetProperty("proof").EnumerateArray().Select(p => p.GetString()!).ToArray()))];
    }

    public static IEnumerable<(long Size1, long Size2, string[] Proof)> ConsistencyProofs()
    {
        using var doc = Load("rfc6962-proof-vectors.json");
        return [.. doc.RootElement.GetProperty("consistency").EnumerateArray().Select(e => (
            e.GetProperty("size1").GetInt64(),
            e.GetProperty("size2").GetInt64(),
            e.GetProperty("proof").EnumerateArray().Select(p => p.GetString()!).ToArray()))];
    }
}
