using System.Security.Cryptography;
using System.Text;
using Attest.Core.DataFiles;
using Attest.Engine.Controls;

namespace Attest.Core.Features.Compliance.Controls;

/// <summary>
/// Loads the control library from a list of data directories, each with optional <c>controls/</c> and
/// <c>frameworks/</c> folders: first the shipped data, then an organisation's data directory. A control
/// or framework pack in a later directory with the same id replaces the earlier one; new ids are added.
/// Every file is validated and every mapping checked against the loaded framework packs; any error fails
/// the whole load, naming file, line and field, so nothing is ever half-loaded.
/// </summary>
public static class ControlLibraryLoader
{
    public const string ManifestFile = "library.yaml";
    public const string ManifestFormat = "attest.control-library/v1";

    /// <summary>The shipped library, merged with the organisation's controls and packs when <paramref name="organisationDataDirectory"/> is given.</summary>
    public static ControlLibrary LoadDefault(string? organisationDataDirectory = null) =>
        Load(organisationDataDirectory is null ? [ShippedData.Directory] : [ShippedData.Directory, organisationDataDirectory]);

    public static ControlLibrary Load(IReadOnlyList<string> dataDirectories)
    {
        ArgumentNullException.ThrowIfNull(dataDirectories);
        var errors = new List<DataError>();
        var hash = new StringBuilder();
        var declared = new List<string>();
        var frameworks = new List<FrameworkPack>();
        var controls = new List<Control>();
        var pending = new List<PendingMapping>();

        for (var index = 0; index < dataDirectories.Count; index++)
        {
            var root = dataDirectories[index];
            if (index > 0 && !Directory.Exists(root))
            {
                errors.Add(new DataError(root, null, "", "data directory does not exist"));
                continue;
            }
            var frameworkFiles = DataFilesIn(Path.Combine(root, "frameworks"));
            var seenPacks = new HashSet<string>(StringComparer.Ordinal);
            foreach (var file in frameworkFiles)
            {
                var text = File.ReadAllText(file);
                var display = Display(index, root, file);
                AppendToHash(hash, index, Relative(root, file), text);
                if (FrameworkPackReader.Read(text, display, errors) is not { } pack)
                    continue;
                if (!seenPacks.Add(pack.Id))
                    errors.Add(new DataError(display, 1, "id", $"framework \"{pack.Id}\" is defined by more than one file in {root}"));
                frameworks.RemoveAll(f => f.Id == pack.Id);
                frameworks.Add(pack);
            }

            var controlsDir = Path.Combine(root, "controls");
            var seenControls = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var file in DataFilesIn(controlsDir))
            {
                var text = File.ReadAllText(file);
                var display = Display(index, root, file);
                AppendToHash(hash, index, Relative(root, file), text);
                if (Path.GetFileName(file) == ManifestFile)
                {
                    if (ReadManifest(text, display, errors) is { } manifest)
                        declared.Add(manifest);
                    continue;
                }
                foreach (var control in ControlFileReader.Read(text, display, errors, pending))
                {
                    if (seenControls.TryGetValue(control.Id, out var first))
                        errors.Add(new DataError(display, LineOf(control), "id", $"control \"{control.Id}\" is already defined at {first}"));
                    seenControls[control.Id] = control.Source;
                    var replaced = controls.FindIndex(c => c.Id == control.Id);
                    if (replaced >= 0)
                        controls[replaced] = control;
                    else
                        controls.Add(control);
                }
            }
            if (index == 0 && declared.Count == 0)
                errors.Add(new DataError(Path.Combine(controlsDir, ManifestFile), null, "", "the control library manifest is missing"));
        }

        foreach (var mapping in pending)
        {
            var pack = frameworks.FirstOrDefault(f => f.Id == mapping.Reference.Framework);
            if (pack is null)
                errors.Add(new DataError(mapping.File, mapping.Line, mapping.Path,
                    $"unknown framework \"{mapping.Reference.Framework}\"; expected one of {string.Join(", ", frameworks.Select(f => f.Id))}"));
            else if (!pack.Contains(mapping.Reference.Requirement))
                errors.Add(new DataError(mapping.File, mapping.Line, mapping.Path,
                    $"framework {pack.Id} has no requirement \"{mapping.Reference.Requirement}\""));
        }

        if (errors.Count > 0)
            throw new DataFileException(errors);
        var digest = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(hash.ToString())));
        return new ControlLibrary
        {
            Version = new ControlLibraryVersion(string.Join(" + ", declared), "sha256:" + digest),
            Controls = controls,
            Frameworks = frameworks,
        };
    }

    private static string? ReadManifest(string text, string file, List<DataError> errors)
    {
        var b = new DataBinder(file, errors);
        if (b.AsMapping(DataDocument.Parse(text, file, errors), "") is not { } m)
            return null;
        b.RejectUnknownKeys(m, "", ["format", "name", "version"]);
        if (b.String(m, "format", "", required: true) is { } format && format != ManifestFormat)
            b.Error(DataBinder.LineOf(m, "format"), "format", $"expected {ManifestFormat}, got \"{format}\"");
        var name = b.String(m, "name", "", required: true);
        var version = b.String(m, "version", "", required: true);
        return name is null || version is null ? null : $"{name} {version}";
    }

    private static IEnumerable<string> DataFilesIn(string directory) =>
        Directory.Exists(directory)
            ? Directory.EnumerateFiles(directory)
                .Where(f => Path.GetExtension(f).ToLowerInvariant() is ".yaml" or ".yml" or ".json")
                .Order(StringComparer.Ordinal)
            : [];

    private static string Relative(string root, string file) => Path.GetRelativePath(root, file).Replace('\\', '/');

    /// <summary>Shipped files are named data/...; an organisation's files by their full path, so an error says which one.</summary>
    private static string Display(int index, string root, string file) => index == 0 ? "data/" + Relative(root, file) : file;

    private static int? LineOf(Control control) =>
        int.TryParse(control.Source.AsSpan(control.Source.LastIndexOf(':') + 1), out var line) ? line : null;

    private static void AppendToHash(StringBuilder hash, int index, string display, string text) =>
        hash.Append(index).Append('/').Append(display).Append('\n').Append(text.ReplaceLineEndings("\n")).Append('\0');
}
