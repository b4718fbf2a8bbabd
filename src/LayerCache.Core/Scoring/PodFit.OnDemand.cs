using LayerCache.Core.Model;

namespace LayerCache.Core.Scoring;

public sealed partial class PodFit
{
    /// <summary>Whether the last pod's sums are filled in node by node, when a node is first asked about.</summary>
    private bool _onDemand;

    /// <summary>The last pod's images, each with what it adds to a node that holds it whole.</summary>
    private readonly List<ImageShare> _images = [];

    /// <summary>
    /// As <see cref="Compute(IReadOnlyList{ContainerImage})"/>, with the same answers, but walks no holder index: each
    /// node's sums are read from its own cache the first time the node is asked about, and <see cref="CanFit"/> asks only
    /// where the node's pins alone leave doubt. Cheaper when a caller asks about a few nodes, or only whether the pod fits;
    /// <see cref="HoldingNodes"/> is then empty. A cost model that prices sites needs every holder: it computes as Compute.
    /// </summary>
    public void ComputeOnDemand(IReadOnlyList<ContainerImage> containers) => Compute(containers, onDemand: !_cost.PricesSites);

    /// <summary>The node's sums for the last pod, filled from the node's cache first where they are computed on demand.</summary>
    private ref NodeFit Fit(int id)
    {
        ref var node = ref _nodes[id];
        if (_onDemand && !node.Holds)
        {
            Fill(_cluster.Nodes[id], ref Touch(id));
        }

        return ref node;
    }

    /// <summary>What the holder index walk adds to a node, read from the node's own cache in the same order.</summary>
    private void Fill(NodeCache cache, ref NodeFit node)
    {
        foreach (var layer in _layers)
        {
            if (!cache.TryGetLayer(layer.Digest, out var held))
            {
                continue;
            }

            node.PresentBytes += layer.SizeBytes;
            if (held.InUse)
            {
                node.PresentPinnedBytes += layer.SizeBytes;
            }

            var saved = _cost.LayerSeconds(layer.SizeBytes, LayerState.Absent) - _cost.LayerSeconds(layer.SizeBytes, held.State);
            node.SavedSeconds += Math.Max(saved, 0);
        }

        foreach (var image in _images)
        {
            if (cache.HasImage(image.Image.Reference))
            {
                node.ImageLocalitySum += image.ScaledBytes;
                if (image.FirstOfItsName)
                {
                    node.PresentImageBytes += image.Image.SizeBytes;
                }
            }
        }
    }

    private readonly record struct ImageShare(ContainerImage Image, long ScaledBytes, bool FirstOfItsName);
}
