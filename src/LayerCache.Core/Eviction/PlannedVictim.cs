using LayerCache.Core.Model;

namespace LayerCache.Core.Eviction;

/// <summary>A candidate chosen for eviction, with its keep value and the layers it frees at its turn.</summary>
public readonly record struct PlannedVictim(EvictionCandidate Candidate, double KeepValue, IReadOnlyList<CachedLayer> FreedLayers)
{
    /// <summary>Counted when the victim is planned, so that it can be read after the layers have gone.</summary>
    public long FreedBytes { get; } = Sum(FreedLayers);

    private static long Sum(IReadOnlyList<CachedLayer> layers)
    {
        long bytes = 0;
        foreach (var layer in layers)
        {
            bytes += layer.FootprintBytes;
        }

        return bytes;
    }
}
