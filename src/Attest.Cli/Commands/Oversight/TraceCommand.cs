using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Attest.Core.Features.Oversight;

namespace Attest.Cli.Commands.Oversight;

/// <summary>
/// `attest trace DECISION_ID --server URL --token T [--json] [--out FILE]`: a decision's causal trace (the decision, the
/// model version, the approval and policy in force, the human review, the ledger proof); `attest trace verify FILE
/// [--trusted-key KEY]` checks every hash, proof and signature of a saved trace offline: exit 0 valid, 1 tampered or
/// inconsistent, 2 bad input.
/// </summary>
internal static class TraceCommand
{
    public static Command Create(CliConsole console)
    {
        var decision = new Argument<string>("DECISION_ID") { Description = "The decision's id (dec_…)." };
        var server = new Option<string?>("--server") { Description = "An Attest server's base URL (with --token).", HelpName = "URL", Required = true };
        var token = new Option<string?>("--token") { Description = "An API key with decisions.read. Default: $ATTEST_TOKEN.", HelpName = "T" };
        var json = new Option<bool>("--json") { Description = "Write the trace as JSON instead of a summary." };
        var output = new Option<string?>("--out") { Description = "Also save the trace (JSON) here, for 'attest trace verify'.", HelpName = "FILE" };
        var command = new Command("trace", "Show a decision's causal trace: the decision, model version, approval and policy in force, human review and ledger proof.")
        {
            decision, server, token, json, output,
        };
        command.Subcommands.Add(Verify(console));
        command.SetAction(async (parse, ct) =>
        {
            var id = parse.GetValue(decision)!;
            var text = await GateServer.GetAsync(parse.GetValue(server)!, parse.GetValue(token) ?? Environment.GetEnvironmentVariable("ATTEST_TOKEN"),
                $"api/v1/decisions/{Uri.EscapeDataString(id)}/trace", ct);
            var trace = JsonNode.Parse(text) as JsonObject ?? throw new CliUsageException($"--server: the answer for {id} is not a trace");
            if (parse.GetValue(output) is { } path)
            {
                try
                {
                    await File.WriteAllTextAsync(path, text, ct);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    throw new CliUsageException($"--out {path}: cannot write the trace ({e.Message})");
                }
            }
            if (parse.GetValue(json))
                await console.Out.WriteLineAsync(trace.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            else
                await TraceSummary.WriteAsync(console.Out, trace);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Verify(CliConsole console)
    {
        var file = new Argument<string>("FILE") { Description = "A trace saved by 'attest trace DECISION_ID --out FILE' (or GET /api/v1/decisions/{id}/trace)." };
        var trustedKey = new Option<string[]>("--trusted-key")
        {
            Description = "Trust only this ledger public key (a PEM file or base64; repeatable for rotated keys). Without it the key in the trace is used: that shows consistency, not authorship.",
            HelpName = "KEY",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var json = new Option<bool>("--json") { Description = "Write the verdict as JSON (valid, problems, checks)." };
        var command = new Command("verify", "Check a saved decision trace offline: every hash, inclusion proof and signature. Exit 0 valid, 1 tampered or inconsistent, 2 bad input.")
        {
            file, trustedKey, json,
        };
        command.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(file)!;
            var keys = TrustedKeyOption.Parse(parse.GetValue(trustedKey), "--trusted-key");
            string text;
            try
            {
                text = await File.ReadAllTextAsync(path, ct);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new CliUsageException($"{path}: cannot read the trace ({e.Message})");
            }
            Attest.Engine.Oversight.TraceVerification verdict;
            try
            {
                verdict = DecisionTraces.Verify(text, keys.Count == 0 ? null : keys);
            }
            catch (FormatException e)
            {
                throw new CliUsageException($"{path}: not a decision trace ({e.Message})");
            }
            if (parse.GetValue(json))
            {
                await console.Out.WriteLineAsync(new JsonObject
                {
                    ["valid"] = verdict.Valid,
                    ["summary"] = verdict.Summary,
                    ["problems"] = new JsonArray([.. verdict.Problems.Select(p => (JsonNode)p)]),
                    ["checks"] = new JsonArray([.. verdict.Checks.Select(c => (JsonNode)c)]),
                }.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            }
            else
            {
                foreach (var check in verdict.Checks) await console.Out.WriteLineAsync($"ok    {check}");
                foreach (var problem in verdict.Problems) await console.Out.WriteLineAsync($"FAIL  {problem}");
                await console.Out.WriteLineAsync((verdict.Valid ? "valid: " : "TAMPERED OR INCONSISTENT: ") + verdict.Summary);
            }
            return verdict.Valid ? ExitCodes.Ok : ExitCodes.CheckFailed;
        });
        return command;
    }
}

/// <summary>A trace in a few plain lines: what was decided, under which approval and policy, who reviewed it, and the proof.</summary>
internal static class TraceSummary
{
    public static async Task WriteAsync(TextWriter output, JsonObject trace)
    {
        string S(JsonNode? n) => n switch
        {
            null => "-",
            JsonValue v when v.TryGetValue<string>(out var s) => s,
            _ => n.ToJsonString(),
        };
        var d = trace["decision"];
        await output.WriteLineAsync($"decision    {S(d?["id"])} of {S(d?["system"]?["slug"])} (external id {S(d?["external_id"])}), occurred {S(d?["occurred_at"])}");
        await output.WriteLineAsync($"output      {S(d?["output"])} (confidence {S(d?["confidence"])}), route {S(d?["route"])}"
            + (d?["reasons"] is JsonArray reasons && reasons.Count > 0 ? $" because {string.Join(", ", reasons.Select(S))}" : "")
            + (d?["ungoverned"]?.GetValue<bool>() == true ? "; UNGOVERNED (no approval in force)" : ""));
        await output.WriteLineAsync($"model       {S(trace["model_version"]?["label"])}" + (trace["deployment"] is JsonObject dep ? $", deployed in {S(dep["environment"])} {S(dep["region"])}" : ""));
        if (trace["approval"] is JsonObject a)
            await output.WriteLineAsync($"approval    {S(a["decision"])} on the {S(a["stage"])} review {S(a["review_id"])} by {S(a["decided_by_name"])} at {S(a["decided_at"])}, "
                + $"{(a["evidence"] as JsonArray)?.Count ?? 0} pieces of evidence pinned");
        else
            await output.WriteLineAsync($"approval    none in force: {S(trace["approval_note"])}");
        var p = trace["policy"];
        await output.WriteLineAsync(p?["version"] is null
            ? $"policy      none in force ({S(p?["note"])})"
            : $"policy      version {S(p["version"])} sha256 {S(p["sha256"])}, approved by {S(p["approved_by_name"])}; fired {string.Join(", ", (p["fired_rules"] as JsonArray ?? []).Select(S))}; controls {string.Join(", ", (p["controls"] as JsonArray ?? []).Select(S))}");
        if (trace["review"] is JsonObject r)
            await output.WriteLineAsync($"review      {S(r["outcome"] ?? r["state"])}" + (r["resolved_by"] is null ? "" : $" by {S(r["resolved_by_name"] ?? r["resolved_by"])} at {S(r["resolved_at"])}")
                + (r["final_output"] is null ? "" : $", final output {S(r["final_output"])}") + (r["rationale"] is null ? "" : $": {S(r["rationale"])}"));
        else
            await output.WriteLineAsync("review      none (automatic)");
        var proof = trace["proof"];
        await output.WriteLineAsync($"proof       batch {S(proof?["batch"]?["id"])} root {S(proof?["batch"]?["root_hash"])}, checkpoint at tree size {S(proof?["checkpoint"]?["checkpoint"]?["tree_size"] ?? proof?["checkpoint"]?["tree_size"])}");
    }
}
