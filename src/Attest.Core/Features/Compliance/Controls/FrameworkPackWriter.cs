using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Attest.Engine.Controls;

namespace Attest.Core.Features.Compliance.Controls;

/// <summary>Writes a framework pack as an <c>attest.framework/v1</c> YAML data file that <see cref="FrameworkPackReader"/> reads back.</summary>
public static class FrameworkPackWriter
{
    private static readonly JsonSerializerOptions Quoting = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string ToYaml(FrameworkPack pack, string? comment = null)
    {
        ArgumentNullException.ThrowIfNull(pack);
        var yaml = new StringBuilder();
        if (comment is not null)
        {
            foreach (var line in comment.Split('\n'))
                yaml.Append("# ").Append(line.TrimEnd()).Append('\n');
        }
        yaml.Append("format: ").Append(FrameworkPackReader.Format).Append('\n');
        yaml.Append("id: ").Append(Quote(pack.Id)).Append('\n');
        yaml.Append("title: ").Append(Quote(pack.Title)).Append('\n');
        yaml.Append("version: ").Append(Quote(pack.Version)).Append('\n');
        yaml.Append("source: ").Append(Quote(pack.Source)).Append('\n');
        yaml.Append("licence: ").Append(Quote(pack.Licence)).Append('\n');
        yaml.Append("requirements:\n");
        foreach (var requirement in pack.Requirements)
        {
            yaml.Append("  - id: ").Append(Quote(requirement.Id)).Append('\n');
            yaml.Append("    title: ").Append(Quote(requirement.Title)).Append('\n');
            yaml.Append("    text: ").Append(Quote(requirement.Text)).Append('\n');
        }
        return yaml.ToString();
    }

    // A JSON string is a valid YAML double-quoted scalar.
    private static string Quote(string text) => JsonSerializer.Serialize(text, Quoting);
}
