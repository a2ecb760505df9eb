namespace Attest.Evaluation.Input;

/// <summary>
/// Opens an input file for evaluation: only a regular file is read. A device (/dev/zero), a pipe or a directory
/// is refused at once — a stream without end would otherwise be read until memory runs out.
/// </summary>
public static class InputFile
{
    public static FileStream Open(string path, string option)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Directory.Exists(path))
            throw new EvaluationInputException($"{path}: {option} is a directory, not a file");
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new EvaluationInputException($"{path}: cannot open {option} ({e.Message})");
        }
        if (!stream.CanSeek || IsEndless(stream))
        {
            stream.Dispose();
            throw new EvaluationInputException($"{path}: {option} is not a regular file (a device, pipe or socket); give a file");
        }
        return stream;
    }

    /// <summary>
    /// A regular file's length is what it holds; devices such as /dev/zero or /dev/urandom report 0 and yet
    /// read bytes. (Seekable devices pass CanSeek, so this looks at what a read gives.)
    /// </summary>
    private static bool IsEndless(FileStream stream)
    {
        if (stream.Length > 0) return false;
        Span<byte> one = stackalloc byte[1];
        var read = stream.Read(one);
        stream.Position = 0;
        return read > 0;
    }
}
