using Attest.Core.DataFiles;
using Attest.Engine.Controls;

namespace Attest.Core.Features.Compliance.Controls;

/// <summary>A mapping as read, with where it was written, to be checked once every framework pack is loaded.</summary>
internal sealed record PendingMapping(string ControlId, RequirementRef Reference, string File, int Line, string Path);

/// <summary>Reads one control file (<c>attest.controls/v1</c>): a group and its controls.</summary>
internal static class ControlFileReader
{
    public const string Format = "attest.controls/v1";
    public const int MaxRenewalMonths = 60;

    public static IReadOnlyList<Control> Read(string text, string file, List<DataError> errors, List<PendingMapping> mappings)
    {
        var b = new DataBinder(file, errors);
        var controls = new List<Control>();
        if (b.AsMapping(DataDocument.Parse(text, file, errors), "") is not { } m)
            return controls;
        b.RejectUnknownKeys(m, "", ["format", "group", "controls"]);
        if (b.String(m, "format", "", required: true) is { } format && format != Format)
            b.Error(DataBinder.LineOf(m, "format"), "format", $"expected {Format}, got \"{format}\"");
        ControlGroup? group = null;
        if (b.AsMapping(m["group"], "group") is { } g)
        {
            b.RejectUnknownKeys(g, "group", ["id", "title"]);
            var gid = b.String(g, "id", "group", required: true);
            var gtitle = b.String(g, "title", "group", required: true);
            if (gid is not null && gtitle is not null)
                group = new ControlGroup(gid, gtitle);
        }
        b.List(m, "controls", "", (node, path) =>
        {
            if (b.AsMapping(node, path) is not { } c)
                return (object?)null;
            b.RejectUnknownKeys(c, path, ["id", "title", "objective", "evidence", "renewal_months", "applies_when", "mappings"]);
            var id = b.String(c, "id", path, required: true);
            if (id is not null && !Identifiers.IsControlId(id))
                b.Error(DataBinder.LineOf(c, "id"), path + ".id", $"expected an id like ATT-GOV-01 (upper-case words joined by hyphens), got \"{id}\"");
            var title = b.String(c, "title", path, required: true);
            var objective = b.String(c, "objective", path, required: true);
            var evidence = b.StringList(c, "evidence", path, required: true);
            foreach (var (type, i) in evidence.Select((t, i) => (t, i)).Where(x => !Identifiers.IsEvidenceType(x.t)))
                b.Error(c["evidence"]!.Line, $"{path}.evidence[{i}]", $"expected an evidence type like model_card, got \"{type}\"");
            if (evidence.Count == 0 && c["evidence"] is DataSequence)
                b.Error(c["evidence"]!.Line, path + ".evidence", "list at least one evidence type");
            var renewal = b.WholeNumber(c, "renewal_months", path, 1, MaxRenewalMonths, required: true);
            var appliesWhen = ApplicabilityReader.Read(b, c, "applies_when", path);
            var refs = new List<RequirementRef>();
            if (c["mappings"] is DataSequence mappingNodes)
            {
                for (var i = 0; i < mappingNodes.Items.Count; i++)
                {
                    var itemPath = $"{path}.mappings[{i}]";
                    var item = mappingNodes.Items[i];
                    if (item is DataScalar { Kind: ScalarKind.String } s && RequirementRef.TryParse(s.Text, out var reference))
                    {
                        refs.Add(reference!);
                        mappings.Add(new PendingMapping(id ?? "", reference!, file, item.Line, itemPath));
                    }
                    else
                    {
                        b.Error(item, itemPath, $"expected framework:requirement such as nist-ai-rmf:MEASURE-2.11, got {item.Describe()}");
                    }
                }
                if (mappingNodes.Items.Count == 0)
                    b.Error(mappingNodes, path + ".mappings", "list at least one framework requirement");
            }
            else
            {
                b.Error(c["mappings"]?.Line ?? c.Line, path + ".mappings", c["mappings"] is null ? "required key is missing" : "expected a list");
            }
            if (id is not null && title is not null && objective is not null && renewal is not null && group is not null)
            {
                controls.Add(new Control
                {
                    Id = id,
                    Title = title,
                    Objective = objective,
                    Group = group,
                    EvidenceTypes = evidence,
                    RenewalMonths = (int)renewal.Value,
                    AppliesWhen = appliesWhen,
                    Mappings = refs,
                    Source = $"{file}:{c.Line}",
                });
            }
            return null;
        }, required: true);
        return controls;
    }
}
