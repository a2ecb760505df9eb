using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Attest.Core.DataFiles;

/// <summary>
/// Reads one YAML document into a <see cref="DataNode"/> tree with line numbers. Plain scalars are typed
/// by the YAML 1.2 core schema (null, true/false, numbers); quoted scalars are always strings.
/// Anchors, aliases and duplicate keys are rejected: data files should read the same to people and machines.
/// </summary>
public static partial class YamlDataReader
{
    public static DataNode? Read(string text, string file, List<DataError> errors)
    {
        var parser = new Parser(new StringReader(text));
        try
        {
            parser.Consume<StreamStart>();
            if (parser.Accept<StreamEnd>(out _))
                return null;
            parser.Consume<DocumentStart>();
            var root = ReadNode(parser, file, "", errors);
            parser.Consume<DocumentEnd>();
            if (!parser.Accept<StreamEnd>(out _))
                errors.Add(new DataError(file, (int)parser.Current!.Start.Line, "", "expected a single YAML document"));
            return root;
        }
        catch (YamlException e)
        {
            var line = (int)e.Start.Line;
            // A tab is reported where the enclosing node starts; the reader wants the line with the tab.
            if (e.Message.Contains("tab", StringComparison.OrdinalIgnoreCase) && TabLine(text, line) is { } tab)
                errors.Add(new DataError(file, tab, "", "invalid YAML: a tab character indents this line; YAML indents with spaces only"));
            else
                errors.Add(new DataError(file, line, "", "invalid YAML: " + FirstSentence(e.Message)));
            return null;
        }
        catch (Exception e) when (e is ArgumentException or FormatException or OverflowException)
        {
            // YamlDotNet throws these for escapes that are no text, e.g. "\udfff" (a lone surrogate).
            var line = parser.Current is { } current ? (int)current.Start.Line : 1;
            errors.Add(new DataError(file, line, "", "invalid YAML: an escape sequence that is not valid text (such as a lone \\udfff surrogate)"));
            return null;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's parser gives up this way on some unterminated flow collections.
            var line = parser.Current is { } current ? (int)current.Start.Line : text.Split('\n').Length;
            errors.Add(new DataError(file, line, "", "invalid YAML: unexpected end of the document (an unclosed [ or { ?)"));
            return null;
        }
    }

    private static DataNode ReadNode(IParser parser, string file, string path, List<DataError> errors)
    {
        var current = parser.Current!;
        var line = (int)current.Start.Line;
        switch (current)
        {
            case AnchorAlias:
                throw new YamlException(current.Start, current.End, "aliases (*name) are not supported in Attest data files");
            case Scalar scalar:
                parser.MoveNext();
                return Typed(scalar, line);
            case SequenceStart:
                {
                    parser.MoveNext();
                    var items = new List<DataNode>();
                    while (!parser.TryConsume<SequenceEnd>(out _))
                        items.Add(ReadNode(parser, file, $"{path}[{items.Count}]", errors));
                    return new DataSequence(line, items);
                }
            case MappingStart:
                {
                    parser.MoveNext();
                    var entries = new List<DataEntry>();
                    while (!parser.TryConsume<MappingEnd>(out _))
                    {
                        var keyEvent = parser.Current!;
                        if (keyEvent is not Scalar keyScalar)
                            throw new YamlException(keyEvent.Start, keyEvent.End, "mapping keys must be plain text");
                        parser.MoveNext();
                        var key = keyScalar.Value;
                        var keyPath = path.Length == 0 ? key : path + "." + key;
                        var value = ReadNode(parser, file, keyPath, errors);
                        if (entries.Any(e => e.Key == key))
                            errors.Add(new DataError(file, (int)keyScalar.Start.Line, keyPath, "duplicate key"));
                        else
                            entries.Add(new DataEntry(key, (int)keyScalar.Start.Line, value));
                    }
                    return new DataMapping(line, entries);
                }
            default:
                throw new YamlException(current.Start, current.End, $"unexpected {current.GetType().Name}");
        }
    }

    private static DataScalar Typed(Scalar scalar, int line)
    {
        var text = scalar.Value;
        if (scalar.Style is not ScalarStyle.Plain)
            return new DataScalar(line, ScalarKind.String, text);
        if (text is "" or "~" or "null" or "Null" or "NULL")
            return new DataScalar(line, ScalarKind.Null, text);
        if (text is "true" or "True" or "TRUE")
            return new DataScalar(line, ScalarKind.Bool, "true");
        if (text is "false" or "False" or "FALSE")
            return new DataScalar(line, ScalarKind.Bool, "false");
        if (NumberPattern().IsMatch(text))
            return new DataScalar(line, ScalarKind.Number, text);
        return new DataScalar(line, ScalarKind.String, text);
    }

    /// <summary>The first line at or after <paramref name="from"/> whose indentation holds a tab (else any tab), 1-based.</summary>
    internal static int? TabLine(string text, int from)
    {
        var lines = text.Split('\n');
        int? anyTab = null;
        for (var i = Math.Max(0, from - 1); i < lines.Length; i++)
        {
            var indent = lines[i].Length - lines[i].TrimStart(' ', '\t').Length;
            if (lines[i].AsSpan(0, indent).Contains('\t')) return i + 1;
            if (anyTab is null && lines[i].Contains('\t', StringComparison.Ordinal)) anyTab = i + 1;
        }
        return anyTab;
    }

    private static string FirstSentence(string message)
    {
        var text = message.ReplaceLineEndings(" ");
        var closing = text.IndexOf(": ", StringComparison.Ordinal);
        // YamlDotNet prefixes "(Line: 3, Col: 5, Idx: ..) - (...): "; the position is reported separately.
        return closing > 0 && text.StartsWith('(') ? text[(closing + 2)..] : text;
    }

    [GeneratedRegex(@"^[-+]?(\d[\d_]*(\.\d*)?|\.\d+)([eE][-+]?\d+)?$")]
    private static partial Regex NumberPattern();
}
