namespace Attest.Web.Hosting;

/// <summary>An instance's name in <c>job_leases</c> and monitoring leases: host, process and a per-start id.</summary>
internal static class JobOwner
{
    public static string New()
    {
        var text = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";
        return text.Length <= 100 ? text : text[^100..];
    }
}
