using Attest.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Identity;

/// <summary>Every user with roles and specialties (never password hashes), by sign-in name.</summary>
public sealed class ListUsers(AttestDbContext db)
{
    public async Task<IReadOnlyList<UserDto>> ExecuteAsync(CancellationToken ct) =>
        (await db.Users.AsNoTracking().OrderBy(u => u.UserName).ToListAsync(ct)).Select(u => u.ToDto()).ToList();
}
