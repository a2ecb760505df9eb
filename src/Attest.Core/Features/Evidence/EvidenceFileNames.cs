using System.Text;

namespace Attest.Core.Features.Evidence;

/// <summary>
/// The file name an evidence item is stored and served under: the last segment of what the uploader
/// named it (no folders, no control characters, no characters file systems or Content-Disposition
/// choke on), at most 255 characters; when nothing usable is left (an upload named <c>dir/</c>, <c>..</c>
/// or only control characters) <c>evidence-&lt;first 12 hex of its SHA-256&gt;</c> with an extension from its media type.
/// </summary>
public static class EvidenceFileNames
{
    public const int MaxLength = 255;

    public static string Sanitize(string? uploaded, string sha256, string? mediaType)
    {
        ArgumentNullException.ThrowIfNull(sha256);
        var name = uploaded ?? "";
        var cut = name.LastIndexOfAny(['/', '\\']);
        if (cut >= 0) name = name[(cut + 1)..];
        var clean = new StringBuilder(name.Length);
        foreach (var c in name.Normalize(NormalizationForm.FormC))
        {
            if (char.IsControl(c) || char.IsSurrogate(c) || c is '"' or ':' or '*' or '?' or '<' or '>' or '|' or ';') clean.Append('_');
            else clean.Append(c);
        }
        var result = clean.ToString().Trim().Trim('.', ' ');
        if (result.Length > MaxLength)
        {
            var extension = Path.GetExtension(result);
            if (extension.Length > 16) extension = "";
            result = result[..(MaxLength - extension.Length)] + extension;
        }
        return result.Length > 0 && result.Any(char.IsLetterOrDigit) ? result : $"evidence-{sha256[..Math.Min(12, sha256.Length)]}{Extension(mediaType)}";
    }

    private static string Extension(string? mediaType) => (mediaType ?? "").Split(';')[0].Trim().ToLowerInvariant() switch
    {
        "application/pdf" => ".pdf",
        "application/json" => ".json",
        "text/csv" => ".csv",
        "text/plain" => ".txt",
        "text/markdown" => ".md",
        "text/html" => ".html",
        "image/png" => ".png",
        "image/jpeg" => ".jpg",
        "application/zip" => ".zip",
        _ => ".bin",
    };
}
