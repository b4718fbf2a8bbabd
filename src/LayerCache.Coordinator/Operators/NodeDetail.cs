namespace LayerCache.Coordinator.Operators;

/// <summary>The body of <c>GET /v1/nodes/{name}</c>: the node, what it holds by keep value (highest first), and its eviction order.</summary>
public sealed record NodeDetail(NodeSummary Node, IReadOnlyList<HeldImage> Images, IReadOnlyList<HeldLayer> Layers, EvictionPreview Eviction);
