namespace Attest.Web.Security;

/// <summary>
/// The permissions the forms of a page or component post for. The use cases decide on the governed write path (the same
/// rules as the API); this declaration lets the conventions tests and the authorization probes find every form action.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class FormPermissionsAttribute(params string[] permissions) : Attribute
{
    public IReadOnlyList<string> Permissions { get; } = permissions;
}
