using LayerCache.Core.Model;

namespace LayerCache.Containerd;

/// <summary>
/// containerd refused to commit a write, because the bytes did not hash to the expected digest or did
/// not add up to the expected size. Nothing was committed, and the partial write was aborted.
/// </summary>
public sealed class ContentCommitException : Exception
{
    public ContentCommitException(string reference, Digest expected, long expectedSizeBytes, string reason, Exception? inner = null)
        : base($"containerd did not commit '{reference}' as {expected} ({expectedSizeBytes} bytes): {reason}", inner)
    {
        Reference = reference;
        Expected = expected;
        ExpectedSizeBytes = expectedSizeBytes;
    }

    public string Reference { get; }

    public Digest Expected { get; }

    public long ExpectedSizeBytes { get; }
}
