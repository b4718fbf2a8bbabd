using LayerCache.Core.Model;

namespace LayerCache.Core.Eviction;

/// <summary>
/// The cluster-aware worth of layers on a node, per byte: each layer's popularity times the seconds a pull of it
/// costs, divided by one plus the number of other nodes that hold it, so the last copy in the cluster is worth most.
/// Eviction and prefetch planning weigh layers with this one measure, so a prefetch can be checked
/// never to displace more than it brings.
/// </summary>
public static class LayerValue
{
    /// <summary>Value per byte of <paramref name="layers"/> held on <paramref name="node"/>.</summary>
    public static double DensityOnNode(IEnumerable<CachedLayer> layers, NodeCache node, EvictionContext context)
    {
        double value = 0;
        long bytes = 0;
        foreach (var layer in layers)
        {
            var others = context.Cluster is null ? 0 : Math.Max(context.Cluster.HolderCount(layer.Digest) - (node.Id >= 0 ? 1 : 0), 0);
            var frequency = context.Popularity?.LayerScore(layer.Digest) ?? layer.UseCount;
            value += Of(layer.SizeBytes, frequency, others, context);
            bytes += layer.FootprintBytes;
        }

        return value / Math.Max(bytes, 1);
    }

    /// <summary>Value per byte that a layer the node lacks would bring, given how many nodes hold it now.</summary>
    public static double DensityIncoming(Layer layer, double frequency, int holders, EvictionContext context) =>
        Of(layer.SizeBytes, frequency, holders, context) / Math.Max(layer.SizeBytes, 1);

    private static double Of(long sizeBytes, double frequency, int otherHolders, EvictionContext context) =>
        frequency * context.Cost.LayerSeconds(sizeBytes, LayerState.Absent) / (1 + otherHolders);
}
