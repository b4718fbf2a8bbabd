namespace LayerCache.Containerd;

public enum ImageEventKind
{
    Created,
    Updated,
    Deleted,
}
