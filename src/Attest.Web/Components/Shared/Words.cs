namespace Attest.Web.Components.Shared;

/// <summary>snake_case words shown to people.</summary>
public static class Words
{
    public static string Human(string snake) => snake.Replace('_', ' ');

    public static string Human<TEnum>(TEnum value) where TEnum : struct, Enum => Human(Attest.Core.Common.SnakeCase.FromEnum(value));

    public static string List(IEnumerable<string> items)
    {
        var list = items.ToList();
        return list.Count == 0 ? "—" : string.Join(", ", list);
    }
}
