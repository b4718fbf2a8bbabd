using LayerCache.Core.Model;

namespace LayerCache.Core.Costs;

/// <summary>
/// Estimated seconds to make layers usable on a node, from the state each is in there, as a transfer and an unpack
/// (<see cref="PullSeconds"/>). Hints, the planner and the simulator all price layers here; the totals are the sums.
/// </summary>
public abstract class PullCostModel
{
    /// <summary>
    /// Whether a layer's price depends on whether a node of the same site holds it (<see cref="SitePullCostModel"/>);
    /// when false, <see cref="LayerSplit(long, LayerState, bool)"/> ignores the site.
    /// </summary>
    public virtual bool PricesSites => false;

    /// <summary>The transfer and unpack seconds to bring one layer of <paramref name="sizeBytes"/> from <paramref name="from"/> to usable.</summary>
    public abstract PullSeconds LayerSplit(long sizeBytes, LayerState from);

    /// <summary>
    /// The transfer and unpack seconds to bring one layer from <paramref name="from"/> to usable on a node whose site
    /// does (<paramref name="heldInSite"/>) or does not hold it on another node.
    /// </summary>
    public virtual PullSeconds LayerSplit(long sizeBytes, LayerState from, bool heldInSite) => LayerSplit(sizeBytes, from);

    /// <summary>Seconds to bring one layer of <paramref name="sizeBytes"/> from <paramref name="from"/> to usable.</summary>
    public double LayerSeconds(long sizeBytes, LayerState from) => LayerSplit(sizeBytes, from).TotalSeconds;

    /// <summary>
    /// Seconds to bring one layer from <paramref name="from"/> to usable on a node whose site does
    /// (<paramref name="heldInSite"/>) or does not hold it on another node.
    /// </summary>
    public double LayerSeconds(long sizeBytes, LayerState from, bool heldInSite) => LayerSplit(sizeBytes, from, heldInSite).TotalSeconds;

    /// <summary>Seconds to make the whole image runnable on <paramref name="node"/> (an absent node means an empty one).</summary>
    public double ImageSeconds(ContainerImage image, NodeCache? node = null) => ImageSplit(image, node).TotalSeconds;

    /// <summary>
    /// Seconds to make the whole image runnable on <paramref name="node"/> of <paramref name="cluster"/>, each layer the
    /// node lacks priced by whether another node of its site holds it.
    /// </summary>
    public double ImageSeconds(ContainerImage image, NodeCache node, ClusterView cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        return ImageSplit(image, node, cluster).TotalSeconds;
    }

    /// <summary>
    /// The transfer and unpack seconds to make the whole image runnable on <paramref name="node"/> (an absent node means
    /// an empty one); with <paramref name="cluster"/>, each layer the node lacks is priced by whether another node of its
    /// site holds it. Absent and fetching layers pay both, present ones the unpack, unpacked ones nothing.
    /// </summary>
    public PullSeconds ImageSplit(ContainerImage image, NodeCache? node = null, ClusterView? cluster = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        return Split(image.DistinctLayers, node, cluster);
    }

    /// <summary>
    /// The transfer and unpack seconds to make every image of a pod runnable on <paramref name="node"/>, as
    /// <see cref="ImageSplit"/> prices one image; a layer that several of the pod's images share is paid once.
    /// </summary>
    public PullSeconds PodSplit(IReadOnlyList<ContainerImage> images, NodeCache? node = null, ClusterView? cluster = null)
    {
        ArgumentNullException.ThrowIfNull(images);
        var seen = new HashSet<Digest>();
        return Split([.. images.SelectMany(i => i.DistinctLayers).Where(l => seen.Add(l.Digest))], node, cluster);
    }

    private PullSeconds Split(IReadOnlyList<Layer> layers, NodeCache? node, ClusterView? cluster)
    {
        var seconds = PullSeconds.Zero;
        for (var i = 0; i < layers.Count; i++)
        {
            var layer = layers[i];
            var state = node?.StateOf(layer.Digest) ?? LayerState.Absent;
            var inSite = PricesSites && cluster is not null && node is not null && state != LayerState.Unpacked
                && cluster.SiteHolds(node.SiteId, layer.Digest, node);
            seconds += LayerSplit(layer.SizeBytes, state, inSite);
        }

        return seconds;
    }
}
