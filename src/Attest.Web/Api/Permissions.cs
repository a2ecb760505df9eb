namespace Attest.Web.Api;

/// <summary>
/// What an endpoint requires. Every endpoint declares one; the authorization matrix (roles × permissions)
/// decides who holds it.
/// </summary>
public static class Permissions
{
    public const string InventoryRead = "inventory.read";
    public const string InventoryWrite = "inventory.write";
    public const string InventoryDelete = "inventory.delete";
    public const string LedgerRead = "ledger.read";
    /// <summary>Sign a ledger checkpoint on demand (the schedule signs them anyway; harmless, but not for everyone).</summary>
    public const string LedgerCheckpoint = "ledger.checkpoint";
}

/// <summary>Endpoint metadata naming the permission it requires.</summary>
public sealed record RequiredPermission(string Name);

internal static class PermissionEndpointExtensions
{
    public static TBuilder Requires<TBuilder>(this TBuilder builder, string permission) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RequiredPermission(permission));
}
