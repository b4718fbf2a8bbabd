using LayerCache.Core.Eviction;
using LayerCache.Core.Model;

namespace LayerCache.Simulator.Engine;

public sealed partial class ClusterSimulation
{
    private void PlanPrefetch()
    {
        // Each round replaces the orders not yet started: popularity has moved since.
        foreach (var node in _nodes)
        {
            node.PrefetchQueue.Clear();
            node.Queued.Clear();
        }

        var orders = _planner!.Plan(
            _cluster,
            _popularity,
            _setup.Eviction,
            _context,
            (cache, digest) => _nodes[cache.Id].Transferring?.Digest == digest);
        foreach (var order in orders)
        {
            _cluster.TryGetNode(order.NodeName, out var cache);
            var node = _nodes[cache.Id];
            node.PrefetchQueue.Enqueue(order);
            node.Queued.Add(order.Layer.Digest);
        }

        if (_unpackPlanner is not null)
        {
            PlanUnpack(orders);
        }

        foreach (var node in _nodes)
        {
            KickPrefetch(node);
        }

        if (_clock.Seconds + _settings.PlanIntervalSeconds < _settings.DurationSeconds)
        {
            Schedule(_clock.Seconds + _settings.PlanIntervalSeconds, EventKind.PlannerTick, -1, -1);
        }
    }

    private void KickPrefetch(NodeRuntime node) =>
        node.StepScheduled |= Kick(node, node.StepScheduled, node.PrefetchQueue.Count, node.PullsBusyUntil, EventKind.PrefetchStep);

    /// <summary>Schedules the node's next step of <paramref name="kind"/>, not before <paramref name="notBefore"/>, unless one is pending or nothing is queued.</summary>
    private bool Kick(NodeRuntime node, bool scheduled, int queued, double notBefore, EventKind kind)
    {
        if (scheduled || queued == 0)
        {
            return false;
        }

        Schedule(Math.Max(_clock.Seconds, notBefore), kind, node.Cache.Id, -1);
        return true;
    }

    /// <summary>Finishes the transfer under way, then starts the next order if no pull is using the link.</summary>
    private void PrefetchStep(NodeRuntime node)
    {
        node.StepScheduled = false;
        var now = _clock.Seconds;
        var cache = node.Cache;
        if (node.Transferring is { } done && node.TransferEnd <= now)
        {
            node.Transferring = null;
            node.ForgetReady(done.Digest, now);
            if (cache.StateOf(done.Digest) == LayerState.Fetching)
            {
                cache.SetLayerState(done.Digest, LayerState.Present);
            }

            _prefetchBytes += done.SizeBytes;
            CountSource(done.SizeBytes, node.TransferFromPeer);
        }

        if (node.Transferring is not null)
        {
            if (!double.IsPositiveInfinity(node.TransferEnd))
            {
                node.StepScheduled = true;
                Schedule(node.TransferEnd, EventKind.PrefetchStep, cache.Id, -1);
            }

            return; // on the shared link, the transfer's end schedules the next step
        }

        if (node.DownloadingPulls > 0)
        {
            return; // the pull's download ending kicks the prefetch again
        }

        if (node.PullsBusyUntil > now)
        {
            KickPrefetch(node);
            return;
        }

        while (node.PrefetchQueue.TryDequeue(out var order))
        {
            var layer = order.Layer;
            node.Queued.Remove(layer.Digest);
            if (cache.Contains(layer.Digest))
            {
                continue;
            }

            long planned = 0;
            foreach (var victim in order.Displace)
            {
                planned += victim.FreedBytes;
            }

            if (cache.UsedBytes - planned + layer.SizeBytes > cache.LowWatermarkBytes)
            {
                // The node changed since the plan: the planned victims no longer make room, so evict nothing.
                continue;
            }

            var present = order.Displace.Count(v => Holds(cache, v));
            _evictedBytes += CacheEvictor.Apply(cache, _setup.Eviction, order.Displace);
            _evictions += present - order.Displace.Count(v => Holds(cache, v));
            if (cache.UsedBytes + layer.SizeBytes > cache.LowWatermarkBytes)
            {
                continue;
            }

            node.TransferFromPeer = PeerHolds(node, layer.Digest);
            cache.AddLayer(layer, LayerState.Fetching);
            node.Transferring = layer;
            if (_links is not null)
            {
                StartSharedPrefetch(node, layer);
                return;
            }

            node.TransferEnd = PrefetchEnd(now, layer.SizeBytes, node.TransferFromPeer);
            node.SetReadyAt(layer.Digest, node.TransferEnd);
            node.StepScheduled = true;
            Schedule(node.TransferEnd, EventKind.PrefetchStep, cache.Id, -1);
            return;
        }
    }

    private static bool Holds(NodeCache cache, PlannedVictim victim) =>
        victim.Candidate.Image is { } image ? cache.HasImage(image.Reference) : cache.Contains(victim.Candidate.Layer!.Value.Digest);
}
