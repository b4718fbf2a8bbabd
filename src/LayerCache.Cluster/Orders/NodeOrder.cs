using LayerCache.Core.Model;

namespace LayerCache.Cluster;

/// <summary>
/// One order for one node. <see cref="Id"/> is chosen by whoever issues it and stays the same across
/// redeliveries, so an agent runs an order once even when the stream delivers it twice.
/// </summary>
public sealed record NodeOrder(
    string Id,
    string Node,
    OrderKind Kind,
    string? Image,
    IReadOnlyList<Layer> Layers,
    IReadOnlyList<string> EvictImages,
    IReadOnlyList<Digest> EvictBlobs,
    DateTimeOffset IssuedAt);
