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

    /// <summary>
    /// An edge site's choices (issue 12): agnostic placement and LayerCache's, each without and with peer fetch inside the
    /// site (<c>spegel</c> is agnostic placement with peer fetch and no prefetch), and the paper's layer-aware placement.
    /// </summary>
    public static IReadOnlyList<PolicySetup> Site() =>
    [
        new("agnostic", new AgnosticScorer(), new LruEvictionPolicy()),
        new("spegel", new AgnosticScorer(), new LruEvictionPolicy(), PeerFetch: true),
        new("layer", new LayerLocalityScorer(), new LruEvictionPolicy()),
        new("layercache", new LayerCacheScorer(), new ClusterAwareEvictionPolicy(), Prefetch: true),
        new("layercache+peer", new LayerCacheScorer(), new ClusterAwareEvictionPolicy(), Prefetch: true, PeerFetch: true),
    ];

    /// <summary>
    /// Policies no mode runs, named by --policies: <c>layercache+unpack</c> is <c>layercache</c> that also unpacks popular
    /// prefetched images ahead of their pods (issue 15), to compare with <c>layercache</c>, whose pods still unpack.
    /// </summary>
    public static IReadOnlyList<PolicySetup> Extra() =>
    [
        new("layercache+unpack", new LayerCacheScorer(), new ClusterAwareEvictionPolicy(), Prefetch: true, UnpackAhead: true),
    ];

    public static IReadOnlyList<PolicySetup> ForMode(string mode, PrefetchPlannerOptions? prefetch = null) =>
        WithPrefetch(mode switch { "layercache" => LayerCache(), "site" => Site(), _ => Paper() }, prefetch);

    /// <summary>The named policies, in the order given, from every mode's set (a name in several sets is one policy).</summary>
    public static IReadOnlyList<PolicySetup> Named(IReadOnlyList<string> names, PrefetchPlannerOptions? prefetch = null)
    {
        var known = Paper().Concat(LayerCache()).Concat(Site()).Concat(Extra()).DistinctBy(s => s.Name).ToDictionary(s => s.Name, StringComparer.Ordinal);
        return WithPrefetch(
            [.. names.Select(n => known.TryGetValue(n, out var setup)
                ? setup
                : throw new ArgumentException($"--policies: unknown policy '{n}'; known: {string.Join(", ", known.Keys)}"))],
            prefetch);
    }

    private static IReadOnlyList<PolicySetup> WithPrefetch(IReadOnlyList<PolicySetup> setups, PrefetchPlannerOptions? prefetch) =>
        prefetch is null ? setups : [.. setups.Select(s => s.Prefetch ? s with { PrefetchOptions = prefetch } : s)];
}
