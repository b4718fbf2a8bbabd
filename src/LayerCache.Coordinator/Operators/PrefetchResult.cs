namespace LayerCache.Coordinator.Operators;

/// <summary>
/// The answer of <c>POST /v1/prefetch</c>: the orders issued (follow them with <c>GET /v1/orders?id=...</c>), and the
/// node and image pairs that needed none because the node already holds every layer.
/// </summary>
public sealed record PrefetchResult(IReadOnlyList<OrderRecord> Orders, IReadOnlyList<PrefetchSkip> Skipped);
