using LayerCache.Core.Model;

namespace LayerCache.Registry;

/// <summary>
/// The bytes received do not hash to the expected digest, or their length is not the expected size.
/// Whatever was written must be discarded, never committed.
/// </summary>
public sealed class BlobVerificationException : RegistryException
{
    public BlobVerificationException(Digest expected, string problem)
        : base($"Blob {expected} failed verification: {problem}.")
    {
        Expected = expected;
    }

    public Digest Expected { get; }
}
