using LayerCache.Core.Model;

namespace LayerCache.Core.Costs;

/// <summary>Estimated seconds to make layers usable on a node, from the state each is in there.</summary>
public abstract class PullCostModel
{
    /// <summary>
    /// Whether a layer's price depends on whether a node of the same site holds it (<see cref="SitePullCostModel"/>);
    /// when false, <see cref="LayerSeconds(long, LayerState, bool)"/> ignores the site.
    /// </summary>
    public virtual bool PricesSites => false;

    /// <summary>Seconds to bring one layer of <paramref name="sizeBytes"/> from <paramref name="from"/> to usable.</summary>
    public abstract double LayerSeconds(long sizeBytes, LayerState from);

    /// <summary>
    /// Seconds to bring one layer from <paramref name="from"/> to usable on a node whose site does
    /// (<paramref name="heldInSite"/>) or does not hold it on another node.
    /// </summary>
    public virtual double LayerSeconds(long sizeBytes, LayerState from, bool heldInSite) => LayerSeconds(sizeBytes, from);

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

    /// <summary>
    /// Seconds to make the whole image runnable on <paramref name="node"/> of <paramref name="cluster"/>, each layer the
    /// node lacks priced by whether another node of its site holds it.
    /// </summary>
    public double ImageSeconds(ContainerImage image, NodeCache node, ClusterView cluster)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(cluster);
        double seconds = 0;
        foreach (var layer in image.DistinctLayers)
        {
            var state = node.StateOf(layer.Digest);
            var inSite = PricesSites && state != LayerState.Unpacked && cluster.SiteHolds(node.SiteId, layer.Digest, node);
            seconds += LayerSeconds(layer.SizeBytes, state, inSite);
        }

        return seconds;
    }
}
