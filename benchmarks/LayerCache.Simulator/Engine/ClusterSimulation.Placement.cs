using LayerCache.Core.Eviction;
using LayerCache.Core.Model;
using LayerCache.Core.Popularity;
using LayerCache.Core.Scoring;

namespace LayerCache.Simulator.Engine;

public sealed partial class ClusterSimulation
{
    /// <summary>
    /// Places waiting requests in arrival order. A request that fits on no node stays in its place while later ones
    /// are tried, as kube-scheduler sets an unschedulable pod aside; the look-ahead is bounded to keep a long queue cheap.
    /// </summary>
    private void TrySchedule()
    {
        var kept = 0;
        var unplaceable = 0;
        for (var i = 0; i < _pending.Count; i++)
        {
            var request = _pending[i];
            var node = _freeSlots > 0 && unplaceable < MaxLookahead ? ChooseNode(ImageOf(request)) : -1;
            if (node < 0)
            {
                unplaceable++;
                _pending[kept++] = request;
                continue;
            }

            Place(request, _nodes[node]);
        }

        _pending.RemoveRange(kept, _pending.Count - kept);
    }

    private int ChooseNode(ContainerImage image)
    {
        _pod[0] = image;
        ComputeFit();
        return PickCandidate(_clock.Seconds);
    }

    /// <summary>The node's score for the pod; null where it has no free slot or no room for the pod.</summary>
    private double? ScoreCandidate(int i, double now)
    {
        // PodFit.CanFit, read from the window table where the node's reserved bytes leave no doubt.
        if (_window.BusySlots[i] >= _settings.SlotsPerNode
            || (_window.ReservedBytes[i] + _fit.RequestedBytes > _window.CapacityBytes[i] && !_fit.CanFit(i, _nodes[i].TransferringBytes)))
        {
            return null;
        }

        if (_scoreIsConstant)
        {
            return 0;
        }

        var node = _nodes[i];
        if (_scoreReadsLoad)
        {
            _fit.SetLoad(i, (double)node.BusySlots / _settings.SlotsPerNode);
            _fit.SetWaitSeconds(i, TransferWaitSeconds(node, now));
        }

        return _settings.ExtenderWeight > 0 ? KubeSchedulerScore(node, i) : _setup.Scorer.Score(_fit, i);
    }

    /// <summary>What kube-scheduler, with the policy's scorer in its role, totals for a node (the end-to-end run's driver).</summary>
    private double KubeSchedulerScore(NodeRuntime node, int i)
    {
        var least = KubeSchedulerScores.LeastAllocated(node.BusySlots + 1, _settings.SlotsPerNode);
        return _setup.Role switch
        {
            SchedulerRole.Plugin => KubeSchedulerScores.Combine(least, (long)_setup.Scorer.Score(_fit, i), 0, 0),
            SchedulerRole.Extender => KubeSchedulerScores.Combine(least, 0, ExtenderScale.Score(_fit.MissingSeconds(i), _fit.ColdSeconds), _settings.ExtenderWeight),
            _ => least,
        };
    }

    /// <summary>What the node's own eviction weighs with: the cluster's picture, or the requests this node has seen alone.</summary>
    private EvictionContext NodeEvictionContext(NodeRuntime node, ContainerImage placed)
    {
        if (_settings.NodeEvictionSeesCluster)
        {
            return _context;
        }

        node.LocalContext ??= new EvictionContext(_cost, new PopularityTracker(TimeSpan.FromSeconds(_settings.PopularityHalfLifeSeconds), _clock));
        node.LocalContext.Popularity!.Record(placed);
        return node.LocalContext;
    }

    private void Place(int request, NodeRuntime node)
    {
        var image = ImageOf(request);
        var cache = node.Cache;
        var now = _clock.Seconds;
        var layers = image.DistinctLayers;
        _missing.Clear();
        if (_missingAt.Length < layers.Count)
        {
            _missingAt = new bool[Math.Max(layers.Count, _missingAt.Length * 2)];
        }

        for (var i = 0; i < layers.Count; i++)
        {
            var layer = layers[i];
            _missingAt[i] = !cache.Contains(layer.Digest);
            if (_missingAt[i])
            {
                _missing.Add(layer);
            }
        }

        long missingBytes = 0;
        foreach (var layer in _missing)
        {
            missingBytes += layer.SizeBytes;
        }

        _requestedBytes += image.SizeBytes;
        _hitBytes += image.SizeBytes - missingBytes;

        cache.AddImage(image, LayerState.Fetching);
        cache.Pin(image.Reference);
        node.ReservedChanged();
        cache.Touch(image.Reference);
        _popularity.Record(image);
        var usedBefore = cache.UsedBytes;
        _evictions += CacheEvictor.EnforceWatermarks(cache, _setup.Eviction, NodeEvictionContext(node, image)).Count;
        _evictedBytes += usedBefore - cache.UsedBytes;

        var arrival = _trace.ArrivalSeconds[request];
        _queueSeconds += now - arrival;
        _placed++;
        node.BusySlots++;
        _freeSlots--;
        if (_links is not null)
        {
            StartSharedPull(request, node, image);
            return;
        }

        // Layers are pulled in order; a layer another pull or a prefetch is fetching is waited for, not fetched again.
        var t = now;
        var split = new StartSplit(now - arrival);
        if (_missing.Count > 0 && node.Transferring is not null && node.TransferEnd > t)
        {
            split.Wait += node.TransferEnd - t;
            t = node.TransferEnd;
        }

        for (var i = 0; i < layers.Count; i++)
        {
            var layer = layers[i];
            if (_missingAt[i])
            {
                var fromPeer = PeerHolds(node, layer.Digest);
                var pull = _cost.LayerSplit(layer.SizeBytes, LayerState.Absent, fromPeer);
                split.Transfer += pull.TransferSeconds;
                split.Unpack += pull.UnpackSeconds;
                t += pull.TotalSeconds;
                node.SetReadyAt(layer.Digest, t, t - pull.UnpackSeconds);
                _onDemandBytes += layer.SizeBytes;
                CountSource(layer.SizeBytes, fromPeer);
                continue;
            }

            if (ClaimUnpack(node, layer.Digest))
            {
                // Content only (prefetched, or arriving now): unpacked once it is here.
                if (node.Transferring?.Digest == layer.Digest && node.TransferEnd > t)
                {
                    split.Wait += node.TransferEnd - t;
                    t = node.TransferEnd;
                }

                var unpack = UnpackSeconds(layer);
                split.Unpack += unpack;
                t += unpack;
                node.SetReadyAt(layer.Digest, t, t - unpack);
                continue;
            }

            node.Await(layer.Digest, ref t, ref split.Wait, ref split.Unpack);
        }

        if (_missing.Count > 0)
        {
            node.PullsBusyUntil = Math.Max(node.PullsBusyUntil, t);
        }

        Started(request, cache.Id, t, split);
    }

    /// <summary>
    /// Whether the layer is content only on the node (present, or the prefetch under way brings it): if so, the pull
    /// that asks first unpacks it, and from now on it counts as unpacked, so later pulls wait for that unpack.
    /// </summary>
    private bool ClaimUnpack(NodeRuntime node, Digest layer)
    {
        var state = node.Cache.StateOf(layer);
        if (state != LayerState.Present && !(state == LayerState.Fetching && node.Transferring?.Digest == layer))
        {
            return false;
        }

        node.Cache.SetLayerState(layer, LayerState.Unpacked);
        return true;
    }

    private double UnpackSeconds(Layer layer) => _cost.LayerSplit(layer.SizeBytes, LayerState.Present).UnpackSeconds;

    /// <summary>The request's pulls are done at <paramref name="t"/>: its container starts, then runs.</summary>
    private void Started(int request, int node, double t, StartSplit split)
    {
        var start = _settings.ContainerStartSeconds;
        _latencies[request] = t + start - _trace.ArrivalSeconds[request];
        _waitSeconds += split.Wait;
        _transferSeconds += split.Transfer;
        _unpackSeconds += split.Unpack;
        _startSeconds += start;
        _startedPulls++;
        Schedule(t, EventKind.PodStarted, node, request);
        Schedule(t + start + _trace.RunSeconds[request], EventKind.ContainerEnd, node, request);
    }

    /// <summary>
    /// The image's layers whose pull has ended are on the node from now on: later pods are scored as finding them
    /// there (a real node's agent reports an image once its pull is done, not once its container ends).
    /// </summary>
    private void MarkPulled(NodeRuntime node, ContainerImage image)
    {
        var now = _clock.Seconds;
        var layers = image.DistinctLayers;
        for (var i = 0; i < layers.Count; i++)
        {
            var layer = layers[i];
            if (node.ForgetReady(layer.Digest, now))
            {
                if (node.Cache.StateOf(layer.Digest) == LayerState.Fetching)
                {
                    node.Cache.SetLayerState(layer.Digest, LayerState.Unpacked);
                }
            }
        }
    }

    private void EndContainer(int nodeId, int request)
    {
        var node = _nodes[nodeId];
        var image = ImageOf(request);
        node.Cache.Unpin(image.Reference);
        node.ReservedChanged();
        node.BusySlots--;
        _freeSlots++;
        TrySchedule();
        KickPrefetch(node);
    }
}
