using LayerCache.Core.Model;

namespace LayerCache.Core.Eviction;

/// <summary>Least frequently used first, counting uses on this node; ties go to the least recently used.</summary>
public sealed class LfuEvictionPolicy : IEvictionPolicy
{
    public string Name => "lfu";

    public double KeepValue(EvictionCandidate candidate, NodeCache node, EvictionContext context) =>
        candidate.UseCount;
}
