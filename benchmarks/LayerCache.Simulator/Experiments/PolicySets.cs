using LayerCache.Core.Eviction;
using LayerCache.Core.Prefetch;
using LayerCache.Core.Scoring;
using LayerCache.Simulator.Engine;

namespace LayerCache.Simulator.Experiments;

/// <summary>The policies each mode compares. Eviction is the kubelet's image LRU unless a row says otherwise.</summary>
public static class PolicySets
{
    /// <summary>The paper's three placements, plus the same Layer run with unlimited storage as a bound.</summary>
    public static IReadOnlyList<PolicySetup> Paper() =>
    [
        new("agnostic", new AgnosticScorer(), new LruEvictionPolicy()),
        new("image", new ImagePresenceScorer(), new LruEvictionPolicy()),
        new("layer", new LayerLocalityScorer(), new LruEvictionPolicy()),
        new("bound:layer-unlimited", new LayerLocalityScorer(), new LruEvictionPolicy(), UnlimitedStorage: true),
    ];

    /// <summary>
    /// The paper's baselines (and Kubernetes' own ImageLocality), then LayerCache's scorer with prefetch under each
    /// eviction policy, the last of them again without prefetch (what prefetch adds), then LayerCache with unlimited
    /// storage as the bound.
    /// </summary>
    public static IReadOnlyList<PolicySetup> LayerCache() =>
    [
        new("agnostic", new AgnosticScorer(), new LruEvictionPolicy()),
        new("image", new ImagePresenceScorer(), new LruEvictionPolicy()),
        new("image-k8s", new ImageLocalityScorer(), new LruEvictionPolicy()),
        new("layer", new LayerLocalityScorer(), new LruEvictionPolicy()),
        new("layercache+lru", new LayerCacheScorer(), new LruEvictionPolicy(), Prefetch: true),
        new("layercache+lfu", new LayerCacheScorer(), new LfuEvictionPolicy(), Prefetch: true),
        new("layercache+gdsf", new LayerCacheScorer(), new GdsfEvictionPolicy(), Prefetch: true),
        new("layercache+clusteraware", new LayerCacheScorer(), new ClusterAwareEvictionPolicy(), Prefetch: true),
        new("layercache+clusteraware-noprefetch", new LayerCacheScorer(), new ClusterAwareEvictionPolicy()),
        new("bound:layercache-unlimited", new LayerCacheScorer(), new ClusterAwareEvictionPolicy(), Prefetch: true, UnlimitedStorage: true),
    ];

    public static IReadOnlyList<PolicySetup> ForMode(string mode, PrefetchPlannerOptions? prefetch = null)
    {
        var setups = mode == "layercache" ? LayerCache() : Paper();
        return prefetch is null ? setups : [.. setups.Select(s => s.Prefetch ? s with { PrefetchOptions = prefetch } : s)];
    }
}
