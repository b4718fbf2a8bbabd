namespace LayerCache.Cluster;

/// <summary>An order kind as both services' metrics label it: snake_case, one spelling (<c>prefetch_layers</c>).</summary>
public static class OrderKindLabels
{
    public static IReadOnlyList<string> All { get; } = [.. Enum.GetValues<OrderKind>().Select(Of)];

    public static string Of(OrderKind kind) => kind switch
    {
        OrderKind.PrefetchImage => "prefetch_image",
        OrderKind.PrefetchLayers => "prefetch_layers",
        OrderKind.Evict => "evict",
        OrderKind.UnpackImage => "unpack_image",
        _ => "unknown",
    };
}
