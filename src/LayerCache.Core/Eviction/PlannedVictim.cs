using LayerCache.Core.Model;

namespace LayerCache.Core.Eviction;

/// <summary>A candidate chosen for eviction, with its keep value and the layers it frees at its turn.</summary>
public readonly record struct PlannedVictim(EvictionCandidate Candidate, double KeepValue, IReadOnlyList<CachedLayer> FreedLayers)
{
    public long FreedBytes
    {
        get
        {
            long bytes = 0;
            foreach (var layer in FreedLayers)
            {
                bytes += layer.FootprintBytes;
            }

            return bytes;
        }
    }
}
