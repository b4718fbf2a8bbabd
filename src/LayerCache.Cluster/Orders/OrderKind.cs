namespace LayerCache.Cluster;

/// <summary>What an order asks a node to do.</summary>
public enum OrderKind
{
    PrefetchImage,
    PrefetchLayers,
    Evict,
    UnpackImage,
}
