namespace LayerCache.Core.Model;

/// <summary>The nodes that hold one layer, and each one's entry for it at the same position.</summary>
internal sealed class LayerHolders
{
    public List<NodeCache> Nodes { get; } = new(4);

    public List<CachedLayer> Layers { get; } = new(4);
}
