namespace LayerCache.Core.Eviction;

/// <summary>The eviction policies by name, for settings: <c>Lru</c>, <c>Lfu</c>, <c>Gdsf</c>, <c>ClusterAware</c> (any case).</summary>
public static class EvictionPolicies
{
    public static IReadOnlyList<string> Names { get; } = ["Lru", "Lfu", "Gdsf", "ClusterAware"];

    /// <summary>The policy of that name, or null for a name that is none of <see cref="Names"/>.</summary>
    public static IEvictionPolicy? TryCreate(string? name) => name?.ToUpperInvariant() switch
    {
        "LRU" => new LruEvictionPolicy(),
        "LFU" => new LfuEvictionPolicy(),
        "GDSF" => new GdsfEvictionPolicy(),
        "CLUSTERAWARE" => new ClusterAwareEvictionPolicy(),
        _ => null,
    };
}
