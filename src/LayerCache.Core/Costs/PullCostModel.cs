using LayerCache.Core.Model;

namespace LayerCache.Core.Costs;

/// <summary>Estimated seconds to make layers usable on a node, from the state each is in there.</summary>
public abstract class PullCostModel
{
    /// <summary>Seconds to bring one layer of <paramref name="sizeBytes"/> from <paramref name="from"/> to usable.</summary>
    public abstract double LayerSeconds(long sizeBytes, LayerState from);

    /// <summary>Seconds to make the whole image runnable on <paramref name="node"/> (an absent node means an empty one).</summary>
    public double ImageSeconds(ContainerImage image, NodeCache? node = null)
    {
        double seconds = 0;
        foreach (var layer in image.DistinctLayers)
        {
            seconds += LayerSeconds(layer.SizeBytes, node?.StateOf(layer.Digest) ?? LayerState.Absent);
        }

        return seconds;
    }
}
