using LayerCache.Core.Costs;
using LayerCache.Core.Model;
using LayerCache.Core.Popularity;

namespace LayerCache.Core.Eviction;

/// <summary>What value-aware policies may consult. Without popularity, a node's own use counts stand in.</summary>
public sealed record EvictionContext(PullCostModel Cost, PopularityTracker? Popularity = null, ClusterView? Cluster = null);
