using LayerCache.Core.Eviction;
using LayerCache.Core.Prefetch;
using LayerCache.Core.Scoring;

namespace LayerCache.Simulator.Engine;

/// <summary>One configuration under test: how pods are placed, how nodes evict, whether (and how) they prefetch.</summary>
public sealed record PolicySetup(
    string Name,
    INodeScorer Scorer,
    IEvictionPolicy Eviction,
    bool Prefetch = false,
    bool UnlimitedStorage = false,
    PrefetchPlannerOptions? PrefetchOptions = null);
