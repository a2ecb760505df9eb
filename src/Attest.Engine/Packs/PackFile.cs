namespace Attest.Engine.Packs;

/// <summary>One file of an assurance pack: a relative path with forward slashes, and its bytes.</summary>
public sealed record PackFile(string Path, byte[] Content);
