using Attest.Core.DataFiles;
using Attest.Engine.Controls;

namespace Attest.Core.Features.Compliance.Controls;

/// <summary>Reads a framework pack (<c>attest.framework/v1</c>): a framework's requirement list with its source and licence.</summary>
public static class FrameworkPackReader
{
    public const string Format = "attest.framework/v1";

    public static FrameworkPack? Read(string text, string file, List<DataError> errors)
    {
        var before = errors.Count;
        var b = new DataBinder(file, errors);
        if (b.AsMapping(DataDocument.Parse(text, file, errors), "") is not { } m)
            return null;
        b.RejectUnknownKeys(m, "", ["format", "id", "title", "version", "source", "licence", "requirements"]);
        if (b.String(m, "format", "", required: true) is { } format && format != Format)
            b.Error(DataBinder.LineOf(m, "format"), "format", $"expected {Format}, got \"{format}\"");
        var id = b.String(m, "id", "", required: true);
        if (id is not null && !Identifiers.IsFrameworkId(id))
            b.Error(DataBinder.LineOf(m, "id"), "id", $"expected lower-case letters, digits and hyphens, got \"{id}\"");
        var title = b.String(m, "title", "", required: true);
        var version = b.String(m, "version", "", required: true);
        var source = b.String(m, "source", "", required: true);
        var licence = b.String(m, "licence", "", required: true);
        var requirements = b.List(m, "requirements", "", (node, path) =>
        {
            if (b.AsMapping(node, path) is not { } r)
                return null;
            b.RejectUnknownKeys(r, path, ["id", "title", "text"]);
            var rid = b.String(r, "id", path, required: true);
            if (rid is not null && !Identifiers.IsRequirementId(rid))
                b.Error(DataBinder.LineOf(r, "id"), path + ".id", $"expected an id without spaces or colons, got \"{rid}\"");
            var rtitle = b.String(r, "title", path, required: true);
            var rtext = b.String(r, "text", path, allowEmpty: true) ?? "";
            return rid is null || rtitle is null ? null : new FrameworkRequirement(rid, rtitle, rtext);
        }, required: true);
        foreach (var duplicate in requirements.GroupBy(r => r.Id).Where(g => g.Count() > 1))
            b.Error(m.Line, "requirements", $"requirement id \"{duplicate.Key}\" appears more than once");
        if (errors.Count > before || id is null || title is null || version is null || source is null || licence is null)
            return null;
        return new FrameworkPack { Id = id, Title = title, Version = version, Source = source, Licence = licence, Requirements = requirements };
    }
}
