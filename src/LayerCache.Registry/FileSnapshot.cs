namespace LayerCache.Registry;

/// <summary>
/// The bytes of a small configuration file as read just now (null when it does not exist), or why it could not be read.
/// Files the client reads on every use are compared by these, so a change of any kind (a Secret's symlink swap, an edit
/// in place) is seen, and an unchanged file is neither parsed nor reported again.
/// </summary>
internal sealed record FileSnapshot(byte[]? Bytes, string? Error)
{
    public static FileSnapshot Read(string path, int maxBytes)
    {
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                return new FileSnapshot(null, null);
            }

            return info.Length > maxBytes
                ? new FileSnapshot(null, $"is {info.Length} bytes, over the {maxBytes}-byte limit")
                : new FileSnapshot(File.ReadAllBytes(path), null);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            // A symlink whose target is gone, as a Secret's link is before its first version: no file.
            return new FileSnapshot(null, null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new FileSnapshot(null, $"cannot be read: {e.Message}");
        }
    }

    public string Text => System.Text.Encoding.UTF8.GetString(Bytes ?? []);

    public bool SameAs(FileSnapshot other) =>
        Error == other.Error && (Bytes is null ? other.Bytes is null : other.Bytes is not null && Bytes.AsSpan().SequenceEqual(other.Bytes));
}
