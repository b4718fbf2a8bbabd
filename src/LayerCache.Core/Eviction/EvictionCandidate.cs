using LayerCache.Core.Model;

namespace LayerCache.Core.Eviction;

/// <summary>
/// Something eviction may remove: a whole image (as the kubelet and CRI RemoveImage do), or a layer
/// that no image references (a prefetched blob). <see cref="FreedLayers"/> are the layers that would go with it.
/// </summary>
public sealed class EvictionCandidate
{
    private EvictionCandidate(CachedImage? image, CachedLayer? layer, IReadOnlyList<CachedLayer> freedLayers)
    {
        Image = image;
        Layer = layer;
        FreedLayers = freedLayers;
        foreach (var freed in freedLayers)
        {
            FreedBytes += freed.SizeBytes;
        }
    }

    public CachedImage? Image { get; }

    public CachedLayer? Layer { get; }

    public bool IsImage => Image is not null;

    public IReadOnlyList<CachedLayer> FreedLayers { get; }

    public long FreedBytes { get; }

    public DateTimeOffset LastUsed => Image?.LastUsed ?? Layer!.LastUsed;

    public long UseCount => Image?.UseCount ?? Layer!.UseCount;

    public double InflationAtLastUse => Image?.InflationAtLastUse ?? Layer!.InflationAtLastUse;

    /// <summary>The image reference, or the layer digest: what an operator reads in a log.</summary>
    public string Name => Image?.Reference ?? Layer!.Digest.Value;

    public static EvictionCandidate ForImage(CachedImage image, IReadOnlyList<CachedLayer> freedLayers) =>
        new(image, null, freedLayers);

    public static EvictionCandidate ForLayer(CachedLayer layer) => new(null, layer, [layer]);

    public override string ToString() => $"{Name} ({FreedBytes} bytes)";
}
