using LayerCache.Core.Model;

namespace LayerCache.Core.Eviction;

/// <summary>
/// Greedy-Dual-Size-Frequency (Cherkasova, 1998): keep value = L + frequency x cost / size, where cost is the
/// pull time of the bytes the candidate frees and L is the node's inflation value when it was last used.
/// L rises to each victim's value, so entries not used for a while age out.
/// </summary>
public sealed class GdsfEvictionPolicy : IEvictionPolicy
{
    public string Name => "gdsf";

    public bool InflatesOnEviction => true;

    public double KeepValue(EvictionCandidate candidate, NodeCache node, EvictionContext context)
    {
        double cost = 0;
        foreach (var layer in candidate.FreedLayers)
        {
            cost += context.Cost.LayerSeconds(layer.SizeBytes, LayerState.Absent);
        }

        var size = Math.Max(candidate.FreedBytes, 1);
        return candidate.InflationAtLastUse + (candidate.UseCount * cost / size);
    }
}
