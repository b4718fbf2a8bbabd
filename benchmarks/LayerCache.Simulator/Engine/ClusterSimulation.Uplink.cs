using LayerCache.Core.Model;

namespace LayerCache.Simulator.Engine;

/// <summary>
/// Pulls and prefetches over the site's shared uplink. Their downloads end when the fair-share link says, so a pull is
/// carried in steps: its download as one flow (weighted by the layers containerd fetches at once), then the
/// unpacking of its layers in order, then the wait for any layer another pull or a prefetch on the node is still
/// fetching; then its container starts. With peer fetch, the layers a node of the site holds come as a second flow
/// over the node's own LAN port (shared fairly by its transfers; what the serving peers' ports carry is not limited),
/// and the download ends when both flows have.
/// </summary>
public sealed partial class ClusterSimulation
{
    /// <summary>Layers containerd's CRI plugin downloads at once for one pull (max_concurrent_downloads).</summary>
    private const int ConcurrentLayerDownloads = 3;

    private readonly Dictionary<(int Link, long Flow), SharedPull> _pullFlows = [];
    private readonly Dictionary<(int Link, long Flow), NodeRuntime> _prefetchFlows = [];
    private readonly Dictionary<(int Node, Digest Layer), List<SharedPull>> _waitingFor = [];
    private readonly int[]? _linkGenerations;

    /// <summary>Starts the download of a placed request's missing layers (<see cref="_missing"/>), or goes on at once.</summary>
    private void StartSharedPull(int request, NodeRuntime node, ContainerImage image)
    {
        var now = _clock.Seconds;
        var pull = new SharedPull(request, node, image, [.. _missing.Select(l => l.Digest)], now, new StartSplit(now - _trace.ArrivalSeconds[request]));
        foreach (var layer in image.DistinctLayers)
        {
            if (pull.Missing.Contains(layer.Digest) || !ClaimUnpack(node, layer.Digest))
            {
                continue;
            }

            if (node.Transferring?.Digest == layer.Digest)
            {
                // Its content is still on the link: the node unpacks it when it lands, and the pull waits for that.
                node.UnpackOnArrival.Add(layer.Digest);
            }
            else
            {
                pull.Unpack.Add(layer.Digest);
                node.SetReadyAt(layer.Digest, double.PositiveInfinity); // known once the pull's own unpacks are placed
            }
        }

        if (_missing.Count == 0)
        {
            Unpacked(pull, now);
            return;
        }

        long wanBytes = 0;
        long lanBytes = 0;
        foreach (var layer in _missing)
        {
            if (PeerHolds(node, layer.Digest))
            {
                lanBytes += layer.SizeBytes;
                pull.PeerLayers++;
            }
            else
            {
                wanBytes += layer.SizeBytes;
            }

            _onDemandBytes += layer.SizeBytes;
            node.SetReadyAt(layer.Digest, double.PositiveInfinity); // known once the download ends
        }

        _registryBytes += wanBytes;
        _peerBytes += lanBytes;
        node.DownloadingPulls++;
        var registryLayers = _missing.Count - pull.PeerLayers;
        if (registryLayers > 0)
        {
            StartPullFlow(pull, SiteLink(node), wanBytes, registryLayers);
        }

        if (pull.PeerLayers > 0)
        {
            StartPullFlow(pull, LanLink(node), lanBytes, pull.PeerLayers);
        }
    }

    private void StartPullFlow(SharedPull pull, int link, long bytes, int layers)
    {
        pull.Flows++;
        _pullFlows[(link, _links![link].Start(_clock.Seconds, bytes, Math.Min(layers, ConcurrentLayerDownloads)))] = pull;
        ScheduleLink(link);
    }

    /// <summary>The site's uplink to the registry.</summary>
    private int SiteLink(NodeRuntime node) => node.Cache.SiteId;

    /// <summary>The node's port on the site's LAN.</summary>
    private int LanLink(NodeRuntime node) => _settings.Sites + node.Cache.Id;

    /// <summary>Starts a prefetch transfer of <paramref name="layer"/> on the shared link (the LAN when a peer holds it).</summary>
    private void StartSharedPrefetch(NodeRuntime node, Layer layer)
    {
        node.TransferEnd = double.PositiveInfinity;
        node.SetReadyAt(layer.Digest, double.PositiveInfinity);
        node.TransferLink = node.TransferFromPeer ? LanLink(node) : SiteLink(node);
        node.TransferFlow = _links![node.TransferLink].Start(_clock.Seconds, layer.SizeBytes);
        _prefetchFlows[(node.TransferLink, node.TransferFlow)] = node;
        ScheduleLink(node.TransferLink);
    }

    private void UplinkEvent(int link, int generation)
    {
        if (generation != _linkGenerations![link])
        {
            return; // a flow started or ended on the link since this was scheduled
        }

        var now = _clock.Seconds;
        foreach (var id in _links![link].Complete(now))
        {
            if (_pullFlows.Remove((link, id), out var pull))
            {
                if (--pull.Flows == 0)
                {
                    Downloaded(pull, now);
                }
            }
            else if (_prefetchFlows.Remove((link, id), out var node))
            {
                // The layer is usable once its request's latency is paid (and, if a pull waits for it, once unpacked);
                // the prefetch step then takes the next order.
                node.TransferEnd = now + RequestSeconds(node.TransferFromPeer);
                var layer = node.Transferring!;
                var unpack = node.UnpackOnArrival.Remove(layer.Digest) ? UnpackSeconds(layer) : 0;
                SetReady(node, layer.Digest, node.TransferEnd + unpack, node.TransferEnd);
                node.StepScheduled = true;
                Schedule(node.TransferEnd, EventKind.PrefetchStep, node.Cache.Id, -1);
            }
        }

        ScheduleLink(link);
    }

    private void ScheduleLink(int link)
    {
        var generation = ++_linkGenerations![link];
        if (_links![link].NextCompletion() is { } at)
        {
            Schedule(Math.Max(at, _clock.Seconds), EventKind.UplinkDone, link, generation);
        }
    }

    /// <summary>The latency of one layer's request, to a peer or to the registry.</summary>
    private double RequestSeconds(bool fromPeer) => fromPeer ? _lanLink!.RequestSeconds : _link!.RequestSeconds;

    /// <summary>The pull's bytes are here: its requests' latency (paid beside the link), then its layers unpack in order.</summary>
    private void Downloaded(SharedPull pull, double now)
    {
        var node = pull.Node;
        node.DownloadingPulls--;
        var requests = (_link!.RequestSeconds * (pull.Missing.Count - pull.PeerLayers)) + (pull.PeerLayers > 0 ? _lanLink!.RequestSeconds * pull.PeerLayers : 0);
        pull.Split.Transfer += now - pull.PlacedAt + requests;
        Unpacked(pull, now + requests);
        node.PullsBusyUntil = Math.Max(node.PullsBusyUntil, pull.UnpackedAt);
        KickPrefetch(node);
    }

    /// <summary>From <paramref name="from"/>, the layers the pull brought or found as content only unpack in order; then it goes on.</summary>
    private void Unpacked(SharedPull pull, double from)
    {
        var t = from;
        foreach (var layer in pull.Image.DistinctLayers)
        {
            if (pull.Missing.Contains(layer.Digest) || pull.Unpack.Contains(layer.Digest))
            {
                var unpack = UnpackSeconds(layer);
                pull.Split.Unpack += unpack;
                t += unpack;
                SetReady(pull.Node, layer.Digest, t, t - unpack);
            }
        }

        pull.UnpackedAt = t;
        Continue(pull);
    }

    /// <summary>Starts the container once every layer it shares with other transfers on the node is ready too.</summary>
    private void Continue(SharedPull pull)
    {
        var node = pull.Node;
        foreach (var layer in pull.Image.DistinctLayers)
        {
            if (!pull.Missing.Contains(layer.Digest) && !pull.Unpack.Contains(layer.Digest)
                && node.TryGetReadyAt(layer.Digest, out var ready) && double.IsPositiveInfinity(ready))
            {
                var key = (node.Cache.Id, layer.Digest);
                if (!_waitingFor.TryGetValue(key, out var waiting))
                {
                    _waitingFor[key] = waiting = [];
                }

                waiting.Add(pull);
                return;
            }
        }

        var t = pull.UnpackedAt;
        var split = pull.Split;
        foreach (var layer in pull.Image.DistinctLayers)
        {
            if (!pull.Missing.Contains(layer.Digest) && !pull.Unpack.Contains(layer.Digest))
            {
                node.Await(layer.Digest, ref t, ref split.Wait, ref split.Unpack);
            }
        }

        Started(pull.Request, node.Cache.Id, t, split);
    }

    private void SetReady(NodeRuntime node, Digest layer, double at, double unpackFrom)
    {
        node.SetReadyAt(layer, at, unpackFrom);
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
        : double.IsPositiveInfinity(node.TransferEnd) ? _links![node.TransferLink].RemainingSeconds(node.TransferFlow, now) + RequestSeconds(node.TransferFromPeer)
        : Math.Max(0, node.TransferEnd - now);

    private sealed class SharedPull(int request, NodeRuntime node, ContainerImage image, HashSet<Digest> missing, double placedAt, StartSplit split)
    {
        /// <summary>Where its start-up has gone so far.</summary>
        public StartSplit Split = split;

        public int Request { get; } = request;

        public NodeRuntime Node { get; } = node;

        public ContainerImage Image { get; } = image;

        public HashSet<Digest> Missing { get; } = missing;

        /// <summary>Layers on the node as content only, which this pull unpacks after its own download.</summary>
        public HashSet<Digest> Unpack { get; } = [];

        /// <summary>When it was placed on the node and its download began.</summary>
        public double PlacedAt { get; } = placedAt;

        /// <summary>Of <see cref="Missing"/>, the layers fetched from a peer over the LAN.</summary>
        public int PeerLayers { get; set; }

        /// <summary>Its downloads still on a link (one from the registry, one from peers).</summary>
        public int Flows { get; set; }

        /// <summary>When its own layers are unpacked (its arrival on the node when it had none to fetch).</summary>
        public double UnpackedAt { get; set; }
    }
}
