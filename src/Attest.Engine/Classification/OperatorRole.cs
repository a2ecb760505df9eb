namespace Attest.Engine.Classification;

/// <summary>The organisation's role for this AI system (Art 3(3)–(8), Art 25(3)).</summary>
public enum OperatorRole
{
    Provider,
    Deployer,
    Importer,
    Distributor,
    AuthorisedRepresentative,
    ProductManufacturer,
}
