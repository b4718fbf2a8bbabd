using LayerCache.Core.Model;
using LayerCache.Core.Prefetch;

namespace LayerCache.Simulator.Engine;

/// <summary>
/// Unpack ahead (a policy with <see cref="PolicySetup.UnpackAhead"/>): each planning round, Core's
/// <see cref="UnpackPlanner"/> picks images whose content a node holds; the node unpacks them one at a time, layer by
/// layer at the unpack rate, beside its pulls (which unpack on their own). A layer is counted unpacked, its snapshot on
/// the node's disk, from the moment its unpack starts; a pod that needs it meanwhile waits for it to end.
/// </summary>
public sealed partial class ClusterSimulation
{
    private void PlanUnpack(IReadOnlyList<PrefetchOrder> content)
    {
        foreach (var node in _nodes)
        {
            node.UnpackQueue.Clear();
        }

        foreach (var order in _unpackPlanner!.Plan(_cluster, _popularity, ResolveImage, _cost, content))
        {
            _cluster.TryGetNode(order.NodeName, out var cache);
            var node = _nodes[cache.Id];
            node.UnpackQueue.Enqueue(order);
            KickUnpack(node);
        }
    }

    private ContainerImage? ResolveImage(string reference)
    {
        _byReference ??= _images.ToDictionary(i => i.Reference, StringComparer.Ordinal);
        return _byReference.GetValueOrDefault(reference);
    }

    private void KickUnpack(NodeRuntime node) =>
        node.UnpackStepScheduled |= Kick(node, node.UnpackStepScheduled, node.UnpackQueue.Count, node.UnpackBusyUntil, EventKind.UnpackStep);

    /// <summary>Starts the next unpack order whose layers are still content only and whose snapshots fit below the low watermark.</summary>
    private void UnpackStep(NodeRuntime node)
    {
        node.UnpackStepScheduled = false;
        var now = _clock.Seconds;
        if (node.UnpackBusyUntil > now)
        {
            KickUnpack(node);
            return;
        }

        var cache = node.Cache;
        while (node.UnpackQueue.TryDequeue(out var order))
        {
            long snapshots = 0;
            foreach (var layer in order.Image.DistinctLayers)
            {
                snapshots += cache.StateOf(layer.Digest) == LayerState.Present ? _unpackOptions.SnapshotBytes(layer.SizeBytes) : 0;
            }

            // The node changed since the plan: nothing left to unpack, or no room for it any more.
            if (snapshots == 0 || cache.UsedBytes + snapshots > cache.LowWatermarkBytes)
            {
                continue;
            }

            var t = now;
            foreach (var layer in order.Image.DistinctLayers)
            {
                if (cache.StateOf(layer.Digest) == LayerState.Present)
                {
                    var unpack = UnpackSeconds(layer);
                    t += unpack;
                    cache.MarkUnpacked(layer.Digest, _unpackOptions.SnapshotBytes(layer.SizeBytes));
                    node.SetReadyAt(layer.Digest, t, t - unpack);
                }
            }

            _unpackAheadBytes += snapshots;
            node.UnpackBusyUntil = t;
            node.UnpackStepScheduled = true;
            Schedule(t, EventKind.UnpackStep, cache.Id, -1);
            return;
        }
    }
}
