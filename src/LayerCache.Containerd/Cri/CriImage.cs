namespace LayerCache.Containerd;

/// <summary>An image as the kubelet sees it through the CRI: its id (the config digest), tags, repo digests and size.</summary>
public sealed record CriImage(
    string Id,
    IReadOnlyList<string> RepoTags,
    IReadOnlyList<string> RepoDigests,
    long SizeBytes,
    bool Pinned);
