using LayerCache.Core.Model;

namespace LayerCache.Containerd;

/// <summary>A committed blob in containerd's content store.</summary>
public sealed record ContentInfo(
    Digest Digest,
    long SizeBytes,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyDictionary<string, string> Labels);
