namespace LayerCache.Agent;

/// <summary>The eviction policies an operator can choose; each is one of Core's policies.</summary>
public enum EvictionPolicyKind
{
    Lru,
    Lfu,
    Gdsf,
    ClusterAware,
}
