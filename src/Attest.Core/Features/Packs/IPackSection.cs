using Attest.Core.Features.Inventory;
using Attest.Engine.Packs;

namespace Attest.Core.Features.Packs;

/// <summary>
/// One part of a system's assurance pack (system card, lineage, classification, controls, evidence…).
/// Every implementation in Attest.Core is registered and asked in turn by
/// <see cref="Features.Packs.ExportAssurancePack"/>; a section with nothing to say for a system returns
/// no files. To add content to packs, add a class implementing this interface.
/// </summary>
public interface IPackSection
{
    /// <summary>Sections are asked in ascending order; their paths must not collide.</summary>
    int Order { get; }

    Task<IReadOnlyList<PackFile>> FilesAsync(SystemDetails system, CancellationToken ct);
}
