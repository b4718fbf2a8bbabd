using LayerCache.Core.Model;

namespace LayerCache.Core.Eviction;

/// <summary>
/// Something eviction may remove: a whole image (as the kubelet and CRI RemoveImage do), or a layer
/// that no image references (a prefetched blob). <see cref="FreedLayers"/> are the layers that would go with it.
/// </summary>
public sealed class EvictionCandidate
{
    private readonly NodeCache? _node;
    private IReadOnlyList<CachedLayer>? _freedLayers;
    private long _freedBytes = -1;

    private EvictionCandidate(CachedImage? image, CachedLayer? layer, IReadOnlyList<CachedLayer>? freedLayers, NodeCache? node)
    {
        Image = image;
        Layer = layer;
        _freedLayers = freedLayers;
        _node = node;
    }

    public CachedImage? Image { get; }

    public CachedLayer? Layer { get; }

    public bool IsImage => Image is not null;

    /// <summary>The layers that go with the candidate: for an image, those no other image references and no container uses.</summary>
    public IReadOnlyList<CachedLayer> FreedLayers => _freedLayers ??= ExclusiveLayers(Image!, _node!);

    public long FreedBytes
    {
        get
        {
            if (_freedBytes < 0)
            {
                long bytes = 0;
                foreach (var layer in FreedLayers)
                {
                    bytes += layer.FootprintBytes;
                }

                _freedBytes = bytes;
            }

            return _freedBytes;
        }
    }

    public DateTimeOffset LastUsed => Image?.LastUsed ?? Layer!.Value.LastUsed;

    public long UseCount => Image?.UseCount ?? Layer!.Value.UseCount;

    public double InflationAtLastUse => Image?.InflationAtLastUse ?? Layer!.Value.InflationAtLastUse;

    /// <summary>The image reference, or the layer digest: what an operator reads in a log.</summary>
    public string Name => Image?.Reference ?? Layer!.Value.Digest.Value;

    public static EvictionCandidate ForImage(CachedImage image, IReadOnlyList<CachedLayer> freedLayers) =>
        new(image, null, freedLayers, null);

    /// <summary>An image candidate whose freed layers are worked out from the node only if a policy asks.</summary>
    public static EvictionCandidate ForImage(CachedImage image, NodeCache node) => new(image, null, null, node);

    public static EvictionCandidate ForLayer(CachedLayer layer) => new(null, layer, [layer], null);

    private static List<CachedLayer> ExclusiveLayers(CachedImage image, NodeCache node)
    {
        var exclusive = new List<CachedLayer>();
        foreach (var layer in image.Image.DistinctLayerSpan)
        {
            if (node.TryGetLayer(layer.Digest, out var cached) && cached.ImageRefCount == 1 && CacheEvictor.Evictable(cached))
            {
                exclusive.Add(cached);
            }
        }

        return exclusive;
    }

    public override string ToString() => $"{Name} ({FreedBytes} bytes)";
}
