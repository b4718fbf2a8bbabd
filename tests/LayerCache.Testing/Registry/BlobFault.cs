using LayerCache.Core.Model;

namespace LayerCache.Testing.Registry;

/// <summary>
/// A fault the proxy applies to the next <see cref="Times"/> GETs of a blob, of a manifest fetched by digest or by <see cref="ManifestTag"/>
/// (any blob when <see cref="Digest"/> is null).
/// </summary>
public sealed record BlobFault(BlobFaultKind Kind, Digest? Digest = null, int Times = 1)
{
    /// <summary>For Truncate: body bytes sent before the cut; for Corrupt: the offset of the flipped byte.</summary>
    public long AfterBytes { get; init; }

    /// <summary>For Delay: how long the request is held before it is forwarded.</summary>
    public TimeSpan Delay { get; init; }

    /// <summary>For TooManyRequests: the Retry-After value in seconds.</summary>
    public int RetryAfterSeconds { get; init; } = 1;

    internal int Remaining { get; set; } = Times;

    /// <summary>Applies to GETs of the manifest under this tag instead (Digest is then ignored).</summary>
    public string? ManifestTag { get; init; }

    internal bool Applies(string reference, bool isBlob) => Remaining > 0 && (
        ManifestTag is not null ? !isBlob && reference == ManifestTag
        : Digest is null ? isBlob
        : Digest.Value.Value == reference);
}
