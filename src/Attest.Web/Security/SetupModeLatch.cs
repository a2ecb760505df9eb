using Attest.Core.Features.Identity;

namespace Attest.Web.Security;

/// <summary>
/// Remembers, for the life of the process, that setup mode has ended: once the first user or key was
/// created it never comes back (<see cref="IsSetupMode"/> reads that from the ledger), so anonymous
/// requests stop querying for it.
/// </summary>
internal sealed class SetupModeLatch
{
    private volatile bool _ended;

    public async Task<bool> IsOpenAsync(HttpContext http)
    {
        if (_ended) return false;
        var open = await http.RequestServices.GetRequiredService<IsSetupMode>().ExecuteAsync(http.RequestAborted);
        if (!open) _ended = true;
        return open;
    }
}
