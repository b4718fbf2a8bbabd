using LayerCache.Core.Model;

namespace LayerCache.Core.Eviction;

/// <summary>Least recently used first, by image: what the kubelet's image garbage collector does.</summary>
public sealed class LruEvictionPolicy : IEvictionPolicy
{
    public string Name => "lru";

    public double KeepValue(EvictionCandidate candidate, NodeCache node, EvictionContext context) =>
        candidate.LastUsed.UtcTicks;
}
