namespace Attest.Core.DataFiles;

/// <summary>Where the data files shipped with Attest are at run time (copied next to every host as data/...).</summary>
public static class ShippedData
{
    public static string Directory => Path.Combine(AppContext.BaseDirectory, "data");

    public static string PathOf(params string[] parts) => Path.Combine([Directory, .. parts]);
}
