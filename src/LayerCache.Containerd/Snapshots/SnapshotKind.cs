namespace LayerCache.Containerd;

/// <summary>A snapshot is being written (active), read-only over a parent (view), or done and a possible parent (committed).</summary>
public enum SnapshotKind
{
    Unknown = 0,
    View = 1,
    Active = 2,
    Committed = 3,
}
