using LayerCache.Core.Model;

namespace LayerCache.Core.Eviction;

/// <summary>
/// Evicts what the cluster can best spare: the lowest <see cref="LayerValue"/> per byte first, so a layer
/// that many other nodes hold goes before the last copy of a popular one.
/// </summary>
public sealed class ClusterAwareEvictionPolicy : IEvictionPolicy
{
    public string Name => "clusteraware";

    public double KeepValue(EvictionCandidate candidate, NodeCache node, EvictionContext context) =>
        LayerValue.DensityOnNode(candidate.FreedLayers, node, context);
}
