namespace LayerCache.Coordinator.Operators;

/// <summary>The body of <c>GET /v1/orders</c>: the newest orders first.</summary>
/// <param name="Error">Why no orders could be read (no Redis, or Redis failing); null when they were.</param>
public sealed record OrderList(IReadOnlyList<OrderRecord> Orders, string? Error = null);
