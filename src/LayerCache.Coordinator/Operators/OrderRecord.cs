using LayerCache.Cluster;

namespace LayerCache.Coordinator.Operators;

/// <summary>One order as <c>GET /v1/orders</c> shows it: what was ordered, to whom, why, and how it ended.</summary>
/// <param name="Kind">PrefetchImage, PrefetchLayers or Evict.</param>
/// <param name="Reason">Why it was issued; null for orders of builds that did not say.</param>
/// <param name="Image">The image pulled, or the one whose repository the layers come from.</param>
/// <param name="Bytes">The bytes of the layers ordered (PrefetchLayers; 0 for the other kinds).</param>
/// <param name="PresentBytes">Of <see cref="Bytes"/>, what is on the node now (as the view shows it, or as the node reported while the order runs): its progress.</param>
/// <param name="Status"><c>pending</c> (no outcome yet), <c>succeeded</c> or <c>failed</c>.</param>
public sealed record OrderRecord(
    string Id,
    string Node,
    OrderKind Kind,
    DateTimeOffset IssuedAt,
    string? Reason,
    string? Image,
    IReadOnlyList<string> Layers,
    long Bytes,
    long PresentBytes,
    IReadOnlyList<string> EvictImages,
    IReadOnlyList<string> EvictBlobs,
    string Status,
    OrderOutcome? Outcome);
