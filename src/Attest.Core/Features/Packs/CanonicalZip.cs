using System.Buffers.Binary;
using System.Text;
using Attest.Engine.Packs;

namespace Attest.Core.Features.Packs;

/// <summary>
/// A deterministic zip writer: stored (uncompressed) entries, UTF-8 names, a fixed 1980-01-01
/// timestamp, no extra fields. The same files always give the same bytes, so a verifier can rebuild
/// the archive and notice any edit to the zip's own metadata, not just to file contents. Plain zip
/// (no Zip64): up to 65,535 files and 4 GiB.
/// </summary>
public static class CanonicalZip
{
    private const ushort Version = 20;
    private const ushort Utf8NamesFlag = 0x0800;
    private const ushort DosDate1980 = (0 << 9) | (1 << 5) | 1;

    public static void Write(Stream output, IReadOnlyList<PackFile> files)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(files);
        if (files.Count > ushort.MaxValue) throw new InvalidOperationException("A pack holds at most 65,535 files.");
        var central = new MemoryStream();
        long offset = 0;
        Span<byte> local = stackalloc byte[30];
        Span<byte> entry = stackalloc byte[46];
        foreach (var file in files)
        {
            var name = Encoding.UTF8.GetBytes(file.Path);
            var crc = System.IO.Hashing.Crc32.HashToUInt32(file.Content);
            if (offset + 30 + name.Length + file.Content.LongLength > uint.MaxValue) throw new InvalidOperationException("A pack holds at most 4 GiB.");

            local.Clear();
            BinaryPrimitives.WriteUInt32LittleEndian(local, 0x04034b50);
            BinaryPrimitives.WriteUInt16LittleEndian(local[4..], Version);
            BinaryPrimitives.WriteUInt16LittleEndian(local[6..], Utf8NamesFlag);
            BinaryPrimitives.WriteUInt16LittleEndian(local[8..], 0); // stored
            BinaryPrimitives.WriteUInt16LittleEndian(local[10..], 0); // time 00:00
            BinaryPrimitives.WriteUInt16LittleEndian(local[12..], DosDate1980);
            BinaryPrimitives.WriteUInt32LittleEndian(local[14..], crc);
            BinaryPrimitives.WriteUInt32LittleEndian(local[18..], (uint)file.Content.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(local[22..], (uint)file.Content.Length);
            BinaryPrimitives.WriteUInt16LittleEndian(local[26..], (ushort)name.Length);
            BinaryPrimitives.WriteUInt16LittleEndian(local[28..], 0);
            output.Write(local);
            output.Write(name);
            output.Write(file.Content);

            entry.Clear();
            BinaryPrimitives.WriteUInt32LittleEndian(entry, 0x02014b50);
            BinaryPrimitives.WriteUInt16LittleEndian(entry[4..], Version);
            BinaryPrimitives.WriteUInt16LittleEndian(entry[6..], Version);
            BinaryPrimitives.WriteUInt16LittleEndian(entry[8..], Utf8NamesFlag);
            BinaryPrimitives.WriteUInt16LittleEndian(entry[10..], 0);
            BinaryPrimitives.WriteUInt16LittleEndian(entry[12..], 0);
            BinaryPrimitives.WriteUInt16LittleEndian(entry[14..], DosDate1980);
            BinaryPrimitives.WriteUInt32LittleEndian(entry[16..], crc);
            BinaryPrimitives.WriteUInt32LittleEndian(entry[20..], (uint)file.Content.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(entry[24..], (uint)file.Content.Length);
            BinaryPrimitives.WriteUInt16LittleEndian(entry[28..], (ushort)name.Length);
            // extra, comment, disk, internal and external attributes: all zero
            BinaryPrimitives.WriteUInt32LittleEndian(entry[42..], (uint)offset);
            central.Write(entry);
            central.Write(name);

            offset += 30 + name.Length + file.Content.LongLength;
        }
        if (offset + central.Length > uint.MaxValue) throw new InvalidOperationException("A pack holds at most 4 GiB.");
        central.Position = 0;
        central.CopyTo(output);

        Span<byte> end = stackalloc byte[22];
        BinaryPrimitives.WriteUInt32LittleEndian(end, 0x06054b50);
        BinaryPrimitives.WriteUInt16LittleEndian(end[8..], (ushort)files.Count);
        BinaryPrimitives.WriteUInt16LittleEndian(end[10..], (ushort)files.Count);
        BinaryPrimitives.WriteUInt32LittleEndian(end[12..], (uint)central.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(end[16..], (uint)offset);
        output.Write(end);
    }

    public static byte[] ToBytes(IReadOnlyList<PackFile> files)
    {
        using var output = new MemoryStream();
        Write(output, files);
        return output.ToArray();
    }
}
