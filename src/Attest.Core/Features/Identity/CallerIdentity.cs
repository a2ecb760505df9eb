using Attest.Core.Common;

namespace Attest.Core.Features.Identity;

/// <summary>An authenticated caller: who (for the ledger), with which roles, limited to which system.</summary>
/// <param name="SystemId">Set for API keys scoped to one system.</param>
public sealed record CallerIdentity(Actor Actor, IReadOnlyList<string> Roles, IReadOnlyList<string> Specialties, string? SystemId, string? UserId);
