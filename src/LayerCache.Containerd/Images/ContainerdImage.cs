namespace LayerCache.Containerd;

/// <summary>An image record: a name pointing at its root blob (a manifest, or an index of manifests).</summary>
public sealed record ContainerdImage(
    string Name,
    ContentDescriptor Target,
    IReadOnlyDictionary<string, string> Labels,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
