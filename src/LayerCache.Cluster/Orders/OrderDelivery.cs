namespace LayerCache.Cluster;

/// <summary>
/// An order as the node's stream delivered it; <see cref="StreamId"/> is what gets acknowledged. <see cref="Refusal"/>
/// says why it must not run (its signature), when it must not: it is then completed as failed, with that reason.
/// </summary>
public sealed record OrderDelivery(string StreamId, NodeOrder Order, string? Refusal = null);
