using LayerCache.Core.Model;

namespace LayerCache.Testing.Registry;

/// <summary>
/// A fault the proxy applies to the next <see cref="Times"/> GETs of a blob, or of a manifest fetched by digest
/// (any blob when <see cref="Digest"/> is null).
/// </summary>
public sealed record BlobFault(BlobFaultKind Kind, Digest? Digest = null, int Times = 1)
{
    /// <summary>For Truncate: body bytes sent before the cut; for Corrupt: the offset of the flipped byte.</summary>
    public long AfterBytes { get; init; }

    /// <summary>For TooManyRequests: the Retry-After value in seconds.</summary>
    public int RetryAfterSeconds { get; init; } = 1;

    internal int Remaining { get; set; } = Times;

    internal bool Applies(Digest digest, bool isBlob) => Remaining > 0 && (Digest is null ? isBlob : Digest == digest);
}
