namespace LayerCache.Cluster.Json;

/// <summary>
/// What a payload that parses must also be before anything reads it: the rules JSON and the models' constructors do
/// not check (null entries in a list, an enum value no build defines, a negative sequence). One place per payload
/// type, applied by <see cref="Payload.TryRead"/> to every payload read from Redis.
/// </summary>
internal static class PayloadRules
{
    /// <summary>What is wrong with <paramref name="payload"/>, or null when nothing is.</summary>
    public static string? Problem<T>(T payload) => payload switch
    {
        NodeHeartbeat h => HeartbeatProblem(h),
        InventoryDelta d => DeltaProblem(d),
        NodeOrder o => OrderProblem(o),
        OrderOutcome o => OutcomeProblem(o),
        _ => null,
    };

    private static string? HeartbeatProblem(NodeHeartbeat h) =>
        string.IsNullOrWhiteSpace(h.Node) ? "a heartbeat without a node name"
        : h.EvictionPolicy is null ? $"node {h.Node}: a heartbeat without an eviction policy"
        : h.Sequence < 0 ? $"node {h.Node}: a negative sequence"
        : h.CapacityBytes < 0 ? $"node {h.Node}: a negative capacity"
        : h.Site is { Length: > 63 } ? $"node {h.Node}: a site name longer than 63 characters"
        : null;

    private static string? DeltaProblem(InventoryDelta d) =>
        string.IsNullOrWhiteSpace(d.Node) ? "a delta without a node name"
        : d.Sequence < 0 ? $"node {d.Node}: a delta with a negative sequence"
        : HasNull(d.ImagesAdded) || HasNull(d.ImagesRemoved) || HasNull(d.BlobsAdded) || HasNull(d.BlobsRemoved) || (d.ContainerImages is { } c && HasNull(c))
            || (d.UnpackedBlobs is { } u && HasNull(u)) || (d.ImagesAddedByManifest is { } m && HasNull(m))
            ? $"node {d.Node}: a delta with a null entry in a list"
        : d.ImagesAddedByManifest?.FirstOrDefault(i => string.IsNullOrWhiteSpace(i.Reference)) is not null
            ? $"node {d.Node}: a delta with an image by manifest without a reference"
        : null;

    private static string? OrderProblem(NodeOrder o) =>
        string.IsNullOrWhiteSpace(o.Id) ? "an order without an id"
        : string.IsNullOrWhiteSpace(o.Node) ? $"order {o.Id}: no node"
        : o switch
        {
            PrefetchImageOrder i when string.IsNullOrWhiteSpace(i.Image) => $"order {o.Id}: an image prefetch without an image",
            UnpackImageOrder u when string.IsNullOrWhiteSpace(u.Image) => $"order {o.Id}: an unpack without an image",
            PrefetchLayersOrder l when string.IsNullOrWhiteSpace(l.Image) => $"order {o.Id}: a layer prefetch without the image whose repository has them",
            PrefetchLayersOrder l when HasNull(l.Layers) || l.Layers.Count == 0 => $"order {o.Id}: a layer prefetch without layers, or with a null one",
            EvictOrder e when HasNull(e.EvictImages) || HasNull(e.EvictBlobs) => $"order {o.Id}: an eviction with a missing list or a null entry",
            _ => null,
        };

    private static string? OutcomeProblem(OrderOutcome o) =>
        string.IsNullOrWhiteSpace(o.OrderId) || string.IsNullOrWhiteSpace(o.Node) ? "an outcome without an order id or node"
        : !Enum.IsDefined(o.Kind) ? $"outcome of order {o.OrderId}: kind {(int)o.Kind} is not one this build knows"
        : o.Bytes < 0 || !double.IsFinite(o.Seconds) || o.Seconds < 0 ? $"outcome of order {o.OrderId}: negative or non-finite bytes or seconds"
        : null;

    /// <summary>True for a list that is missing (JSON without it leaves it null) or holds a null.</summary>
    private static bool HasNull<T>(IReadOnlyList<T>? items)
    {
        if (items is null)
        {
            return true;
        }

        foreach (var item in items)
        {
            if (item is null)
            {
                return true;
            }
        }

        return false;
    }
}
