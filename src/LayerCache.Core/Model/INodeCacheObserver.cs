namespace LayerCache.Core.Model;

/// <summary>Told of every layer and image a node gains or loses, so that indexes stay current.</summary>
internal interface INodeCacheObserver
{
    void LayerAdded(NodeCache node, CachedLayer layer);

    void LayerRemoved(NodeCache node, CachedLayer layer);

    /// <summary>The layer's state changed, or whether a container uses it.</summary>
    void LayerChanged(NodeCache node, CachedLayer layer);

    void ImageAdded(NodeCache node, CachedImage image);

    void ImageRemoved(NodeCache node, CachedImage image);
}
