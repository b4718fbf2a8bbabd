namespace LayerCache.Containerd;

public enum ContainerEventKind
{
    Created,
    Updated,
    Deleted,
}
