namespace LayerCache.Containerd;

/// <summary>One snapshot in a snapshotter: its name (a chain ID once committed, a key while active), its parent and labels.</summary>
public sealed record SnapshotInfo(
    string Name,
    string Parent,
    SnapshotKind Kind,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyDictionary<string, string> Labels);
