namespace LayerCache.Containerd;

/// <summary>A snapshot was prepared, committed or removed; <see cref="Key"/> is the snapshot's key (its name once committed).</summary>
public sealed record SnapshotEvent(string Topic, string Namespace, DateTimeOffset Timestamp, SnapshotEventKind Kind, string Key)
    : ContainerdEvent(Topic, Namespace, Timestamp);
