using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using LayerCache.Core.Model;

namespace LayerCache.Core.Scoring;

public sealed partial class PodFit
{
    /// <summary>The first node whose sums the last pod's holder walk wrote; the walk covered <see cref="_walkedNodes"/> from it.</summary>
    private int _firstWalked;

    /// <summary>How many nodes, from <see cref="_firstWalked"/> on, the holder walk covered; any other node is filled when first asked about.</summary>
    private int _walkedNodes;

    /// <summary>The last pod's images, each with what it adds to a node that holds it whole.</summary>
    private readonly List<ImageShare> _images = [];

    /// <summary>Whether the walked nodes' image sums are still to be added (see <see cref="WalkImageHolders"/>).</summary>
    private bool _imageHoldersPending;

    /// <summary>Whether the walked nodes' layer sums are still to be added (see <see cref="WalkLayerHolders"/>).</summary>
    private bool _layerHoldersPending;

    /// <summary>
    /// As <see cref="Compute(IReadOnlyList{ContainerImage})"/>, with the same answers, but walks no holder index: each
    /// node's sums are read from its own cache the first time the node is asked about, and <see cref="CanFit"/> asks only
    /// where the node's pins alone leave doubt. Cheaper when a caller asks about a few nodes, or only whether the pod fits;
    /// <see cref="HoldingNodes"/> is then empty. A cost model that prices sites needs every holder: it computes as Compute.
    /// </summary>
    public void ComputeOnDemand(IReadOnlyList<ContainerImage> containers) => ComputeWindow(containers, 0, 0);

    /// <summary>
    /// As <see cref="Compute(IReadOnlyList{ContainerImage})"/>, with the same answers, for a caller that asks mostly about
    /// the <paramref name="nodes"/> nodes from <paramref name="firstNode"/> on (wrapping past the last): the holder index
    /// walk writes only their sums, and any other node is filled from its own cache when first asked about. Reading a
    /// node's cache costs far more than a holding in the walk, so a window of a cluster whose common layers most nodes
    /// hold is cheapest walked; <see cref="HoldingNodes"/> is then empty. A cost model that prices sites computes as Compute.
    /// </summary>
    public void ComputeWindow(IReadOnlyList<ContainerImage> containers, int firstNode, int nodes) =>
        Compute(containers, firstNode, _cost.PricesSites ? int.MaxValue : nodes);

    /// <summary>
    /// A common layer's walk over the window alone, read by node id: a stretch of the window's length rather than every
    /// holder (a sampled pod's base layers are held by nearly every node). Sites are not priced here.
    /// </summary>
    private void AddWindowHoldings(long sizeBytes, ReadOnlySpan<byte> byNode, ReadOnlySpan<double> saved)
    {
        var end = _firstWalked + _walkedNodes;
        AddByNode(sizeBytes, byNode, saved, _firstWalked, Math.Min(end, _nodes.Length));
        AddByNode(sizeBytes, byNode, saved, 0, end - _nodes.Length);
    }

    private void AddByNode(long sizeBytes, ReadOnlySpan<byte> byNode, ReadOnlySpan<double> saved, int from, int to)
    {
        to = Math.Min(to, byNode.Length);
        var id = from;

        // Only the base layers are held by most of a window: skip, a vector at a time, the nodes that do not hold the layer.
        if (Vector128.IsHardwareAccelerated)
        {
            ref var first = ref MemoryMarshal.GetReference(byNode);
            for (; id <= to - Vector128<byte>.Count; id += Vector128<byte>.Count)
            {
                var absent = Vector128.Equals(Vector128.LoadUnsafe(ref first, (nuint)id), Vector128<byte>.Zero).ExtractMostSignificantBits();
                for (var held = ~absent & 0xFFFFu; held != 0; held &= held - 1)
                {
                    var holder = id + BitOperations.TrailingZeroCount(held);
                    AddHolding(holder, byNode[holder], sizeBytes, saved);
                }
            }
        }

        for (; id < to; id++)
        {
            if (byNode[id] != 0)
            {
                AddHolding(id, byNode[id], sizeBytes, saved);
            }
        }
    }

    private void AddHolding(int id, byte code, long sizeBytes, ReadOnlySpan<double> saved)
    {
        var (state, inUse) = Holding.Decode(code);
        Touch(id).AddLayer(sizeBytes, inUse, Math.Max(saved[(int)state], 0));
    }

    /// <summary>Whether the last pod's holder walk wrote the node's sums.</summary>
    private bool IsWalked(int id)
    {
        var offset = id - _firstWalked;
        return (offset < 0 ? offset + _nodes.Length : offset) < _walkedNodes;
    }

    /// <summary>The node's sums for the last pod, filled from the node's cache first where they are computed on demand.</summary>
    private ref NodeFit Fit(int id)
    {
        ref var node = ref _nodes[id];
        if (!node.Holds && !IsWalked(id))
        {
            Fill(_cluster.Nodes[id], ref Touch(id));
        }

        return ref node;
    }

    /// <summary>The node's sums with what it holds of the pod's layers in them.</summary>
    private ref NodeFit LayerFit(int id)
    {
        if (_layerHoldersPending)
        {
            WalkLayerHolders();
        }

        return ref Fit(id);
    }

    /// <summary>The node's sums with its share of the pod's images in them.</summary>
    private ref NodeFit ImageFit(int id)
    {
        if (_imageHoldersPending)
        {
            WalkImageHolders();
        }

        return ref Fit(id);
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

            var saved = _cost.LayerSeconds(layer.SizeBytes, LayerState.Absent) - _cost.LayerSeconds(layer.SizeBytes, held.State);
            node.AddLayer(layer.SizeBytes, held.InUse, Math.Max(saved, 0));
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
