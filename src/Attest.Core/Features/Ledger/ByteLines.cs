namespace Attest.Core.Features.Ledger;

/// <summary>
/// Splits a stream after each "\n" byte, keeping the newline, without decoding: verification must
/// see the bytes exactly as stored (TextReader would also split on "\r" and repair bad UTF-8).
/// </summary>
public static class ByteLines
{
    public static IEnumerable<ReadOnlyMemory<byte>> Split(Stream input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var buffer = new byte[1 << 16];
        var pending = new MemoryStream();
        int read;
        while ((read = input.Read(buffer, 0, buffer.Length)) > 0)
        {
            var start = 0;
            for (var i = 0; i < read; i++)
            {
                if (buffer[i] != (byte)'\n') continue;
                pending.Write(buffer, start, i + 1 - start);
                yield return pending.ToArray();
                pending.SetLength(0);
                start = i + 1;
            }
            pending.Write(buffer, start, read - start);
        }
        if (pending.Length > 0) yield return pending.ToArray();
    }
}
