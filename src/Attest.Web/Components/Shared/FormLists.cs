namespace Attest.Web.Components.Shared;

/// <summary>Lists typed into one text box, comma-separated.</summary>
public static class FormLists
{
    public static List<string> Split(string? text) =>
        (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
}
