namespace LayerCache.Containerd;

public enum SnapshotEventKind
{
    Prepared,
    Committed,
    Removed,
}
