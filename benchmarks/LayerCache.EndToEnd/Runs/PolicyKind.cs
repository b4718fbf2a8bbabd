namespace LayerCache.EndToEnd.Runs;

/// <summary>The placements compared on the site.</summary>
internal enum PolicyKind
{
    /// <summary>kube-scheduler with no extender: least-allocated only.</summary>
    Agnostic,

    /// <summary>kube-scheduler's ImageLocality plugin over each node's images, beside least-allocated.</summary>
    ImageK8s,

    /// <summary>LayerCache's hints through the extender; no prefetch; the kubelet's image GC (LRU) on the node.</summary>
    Layer,

    /// <summary>LayerCache's hints, the planner's prefetch and the configured eviction policy.</summary>
    LayerCache,

    /// <summary>Agnostic placement, and each node fetches layers a neighbour holds from it over the LAN.</summary>
    Spegel,

    /// <summary>LayerCache with peer fetch: hints price the LAN, the planner seeds the site, pulls go to peers first.</summary>
    LayerCachePeer,

    /// <summary>LayerCache, and its planner has images unpacked ahead on the nodes, not only their layers fetched.</summary>
    LayerCacheUnpack,
}
