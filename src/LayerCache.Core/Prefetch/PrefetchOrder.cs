using LayerCache.Core.Eviction;
using LayerCache.Core.Model;

namespace LayerCache.Core.Prefetch;

/// <summary>
/// Fetch <see cref="Layer"/> onto the node named <see cref="NodeName"/>. <see cref="Displace"/> are the victims to evict
/// first to make room, each worth less per byte than the layer; <see cref="Priority"/> is the layer's value per byte.
/// </summary>
public sealed record PrefetchOrder(string NodeName, Layer Layer, double Priority, IReadOnlyList<PlannedVictim> Displace);
