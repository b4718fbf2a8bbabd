namespace LayerCache.Cluster;

/// <summary>An order as the node's stream delivered it; <see cref="StreamId"/> is what gets acknowledged.</summary>
public sealed record OrderDelivery(string StreamId, NodeOrder Order);
