using LayerCache.Core.Model;

namespace LayerCache.Simulator.Engine;

/// <summary>
/// Pulls and prefetches over the site's shared uplink. Their downloads end when the fair-share link says, so a pull is
/// carried in steps: its download as one flow (weighted by the layers containerd fetches at once), then the
/// unpacking of its layers in order, then the wait for any layer another pull or a prefetch on the node is still
/// fetching; then its container starts.
/// </summary>
public sealed partial class ClusterSimulation
{
    /// <summary>Layers containerd's CRI plugin downloads at once for one pull (max_concurrent_downloads).</summary>
    private const int ConcurrentLayerDownloads = 3;

    private readonly Dictionary<long, SharedPull> _pullFlows = [];
    private readonly Dictionary<long, NodeRuntime> _prefetchFlows = [];
    private readonly Dictionary<(int Node, Digest Layer), List<SharedPull>> _waitingFor = [];
    private int _uplinkGeneration;

    /// <summary>Starts the download of a placed request's missing layers (<see cref="_missing"/>), or goes on at once.</summary>
    private void StartSharedPull(int request, NodeRuntime node, ContainerImage image)
    {
        var now = _clock.Seconds;
        var pull = new SharedPull(request, node, image, [.. _missing.Select(l => l.Digest)]);
        if (_missing.Count == 0)
        {
            pull.UnpackedAt = now;
            Continue(pull);
            return;
        }

        long bytes = 0;
        foreach (var layer in _missing)
        {
            bytes += layer.SizeBytes;
            _onDemandBytes += layer.SizeBytes;
            node.ReadyAt[layer.Digest] = double.PositiveInfinity; // known once the download ends
        }

        node.DownloadingPulls++;
        _pullFlows[_uplink!.Start(now, bytes, Math.Min(_missing.Count, ConcurrentLayerDownloads))] = pull;
        ScheduleUplink();
    }

    /// <summary>Starts a prefetch transfer of <paramref name="layer"/> on the shared link.</summary>
    private void StartSharedPrefetch(NodeRuntime node, Layer layer)
    {
        node.TransferEnd = double.PositiveInfinity;
        node.ReadyAt[layer.Digest] = double.PositiveInfinity;
        node.TransferFlow = _uplink!.Start(_clock.Seconds, layer.SizeBytes);
        _prefetchFlows[node.TransferFlow] = node;
        ScheduleUplink();
    }

    private void UplinkEvent(int generation)
    {
        if (generation != _uplinkGeneration)
        {
            return; // a flow started or ended since this was scheduled
        }

        var now = _clock.Seconds;
        foreach (var id in _uplink!.Complete(now))
        {
            if (_pullFlows.Remove(id, out var pull))
            {
                Downloaded(pull, now);
            }
            else if (_prefetchFlows.Remove(id, out var node))
            {
                // The layer is usable once its request's latency is paid; the prefetch step then takes the next order.
                node.TransferEnd = now + _link!.RequestSeconds;
                SetReady(node, node.Transferring!.Digest, node.TransferEnd);
                node.StepScheduled = true;
                Schedule(node.TransferEnd, EventKind.PrefetchStep, node.Cache.Id, -1);
            }
        }

        ScheduleUplink();
    }

    private void ScheduleUplink()
    {
        _uplinkGeneration++;
        if (_uplink!.NextCompletion() is { } at)
        {
            Schedule(Math.Max(at, _clock.Seconds), EventKind.UplinkDone, -1, _uplinkGeneration);
        }
    }

    /// <summary>The pull's bytes are here: its requests' latency (paid beside the link), then its layers unpack in order.</summary>
    private void Downloaded(SharedPull pull, double now)
    {
        var node = pull.Node;
        node.DownloadingPulls--;
        var t = now + (_link!.RequestSeconds * pull.Missing.Count);
        foreach (var layer in pull.Image.DistinctLayers)
        {
            if (pull.Missing.Contains(layer.Digest))
            {
                t += _link.UnpackSeconds(layer.SizeBytes);
                SetReady(node, layer.Digest, t);
            }
        }

        pull.UnpackedAt = t;
        node.PullsBusyUntil = Math.Max(node.PullsBusyUntil, t);
        Continue(pull);
        KickPrefetch(node);
    }

    /// <summary>Starts the container once every layer it shares with other transfers on the node is ready too.</summary>
    private void Continue(SharedPull pull)
    {
        var node = pull.Node;
        var t = pull.UnpackedAt;
        foreach (var layer in pull.Image.DistinctLayers)
        {
            if (pull.Missing.Contains(layer.Digest) || !node.ReadyAt.TryGetValue(layer.Digest, out var ready))
            {
                continue;
            }

            if (double.IsPositiveInfinity(ready))
            {
                var key = (node.Cache.Id, layer.Digest);
                if (!_waitingFor.TryGetValue(key, out var waiting))
                {
                    _waitingFor[key] = waiting = [];
                }

                waiting.Add(pull);
                return;
            }

            t = Math.Max(t, ready);
        }

        _latencies[pull.Request] = t - _trace.ArrivalSeconds[pull.Request];
        _startedPulls++;
        Schedule(t, EventKind.PodStarted, node.Cache.Id, pull.Request);
        Schedule(t + _trace.RunSeconds[pull.Request], EventKind.ContainerEnd, node.Cache.Id, pull.Request);
    }

    private void SetReady(NodeRuntime node, Digest layer, double at)
    {
        node.ReadyAt[layer] = at;
        if (_waitingFor.Remove((node.Cache.Id, layer), out var waiting))
        {
            foreach (var pull in waiting)
            {
                Continue(pull);
            }
        }
    }

    /// <summary>How long the node's prefetch transfer still takes, at the link's share now when it is on the shared link.</summary>
    private double TransferWaitSeconds(NodeRuntime node, double now) =>
        node.Transferring is null ? 0
        : double.IsPositiveInfinity(node.TransferEnd) ? _uplink!.RemainingSeconds(node.TransferFlow, now) + _link!.RequestSeconds
        : Math.Max(0, node.TransferEnd - now);

    private sealed class SharedPull(int request, NodeRuntime node, ContainerImage image, HashSet<Digest> missing)
    {
        public int Request { get; } = request;

        public NodeRuntime Node { get; } = node;

        public ContainerImage Image { get; } = image;

        public HashSet<Digest> Missing { get; } = missing;

        /// <summary>When its own layers are unpacked (its arrival on the node when it had none to fetch).</summary>
        public double UnpackedAt { get; set; }
    }
}
