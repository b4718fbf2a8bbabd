using System.Diagnostics;
using LayerCache.Core.Costs;
using LayerCache.Core.Eviction;
using LayerCache.Core.Model;
using LayerCache.Core.Popularity;
using LayerCache.Core.Prefetch;
using LayerCache.Core.Scoring;

namespace LayerCache.Simulator.Engine;

/// <summary>
/// A discrete-event run of one policy over one request trace. Requests wait in arrival order until some node
/// has a free slot and room for the image (after evicting what no container uses); the scorer picks among
/// those nodes, ties broken at random. Start-up latency is the wait, the transfer of the layers the node lacks, the
/// unpack of every layer not yet unpacked there (a prefetched blob pays only this), and the container's start.
/// Every decision is made by Core's classes: the scorer, <see cref="CacheEvictor"/> with the policy, the
/// <see cref="PrefetchPlanner"/>, <see cref="UnpackPlanner"/> and <see cref="PopularityTracker"/>; a layer's transfer
/// and unpack seconds come from the cost model's <see cref="PullCostModel.LayerSplit(long, LayerState, bool)"/>.
/// </summary>
public sealed partial class ClusterSimulation
{
    private const double SampleIntervalSeconds = 1;

    /// <summary>How many waiting requests that fit nowhere are tried before the rest wait for the next change.</summary>
    private const int MaxLookahead = 64;

    private readonly IReadOnlyList<ContainerImage> _images;
    private readonly RequestTrace _trace;
    private readonly ClusterSettings _settings;
    private readonly PolicySetup _setup;
    private readonly PullCostModel _cost;
    private readonly PrefetchPlanner? _planner;
    private readonly UnpackPlanner? _unpackPlanner;
    private readonly PrefetchPlannerOptions _unpackOptions;
    private readonly bool _peerFetch;

    /// <summary>The shared links: each site's uplink, then (with peer fetch) each node's LAN port; null with a link per node.</summary>
    private readonly FairShareUplink[]? _links;
    private readonly BandwidthPullCostModel? _link;
    private readonly BandwidthPullCostModel? _lanLink;
    private readonly Action<string>? _progress;
    private readonly TimeSpan _progressInterval;

    private readonly SimulationClock _clock = new();
    private readonly ClusterView _cluster;
    private readonly List<NodeRuntime> _nodes = [];
    private readonly PopularityTracker _popularity;
    private readonly EvictionContext _context;
    private readonly PodFit _fit;
    private readonly ContainerImage[] _pod = new ContainerImage[1];
    private readonly PriorityQueue<SimulationEvent, (double Time, long Sequence)> _events = new();
    private readonly List<int> _pending = [];
    private readonly SubtractiveRandom _tieBreak;

    private readonly NodeWindowTable _window;

    /// <summary>Every feasible node scores the same (agnostic placement, without kube-scheduler's sum): nothing of a node is read to score it.</summary>
    private readonly bool _scoreIsConstant;

    /// <summary>Whether the policy's scorer reads a node's load and link wait, which are then worked out for each node scored.</summary>
    private readonly bool _scoreReadsLoad;
    private readonly int _nodesToFind;
    private readonly bool _scoresHoldings;
    private readonly double[] _latencies;
    private readonly List<Layer> _missing = [];

    /// <summary>Whether each of the placed image's distinct layers is in <see cref="_missing"/>, by its position.</summary>
    private bool[] _missingAt = new bool[64];
    private Dictionary<string, ContainerImage>? _byReference;
    private long _sequence;
    private double _waitSeconds;
    private double _transferSeconds;
    private double _unpackSeconds;
    private double _startSeconds;
    private long _unpackAheadBytes;
    private int _freeSlots;
    private int _placed;
    private int _startedPulls;
    private double _queueSeconds;
    private long _requestedBytes;
    private long _hitBytes;
    private long _onDemandBytes;
    private long _prefetchBytes;
    private long _registryBytes;
    private long _peerBytes;
    private long _evictions;
    private long _evictedBytes;
    private double _slotSamples;
    private double _freeSamples;
    private int _samples;

    public ClusterSimulation(
        IReadOnlyList<ContainerImage> rankedImages,
        RequestTrace trace,
        ClusterSettings settings,
        PolicySetup setup,
        PullCostModel cost,
        Action<string>? progress = null,
        TimeSpan? progressInterval = null)
    {
        _images = rankedImages;
        _trace = trace;
        _settings = settings.Validate();
        _setup = setup;
        _progress = progress;
        _peerFetch = setup.PeerFetch;
        var site = cost as SitePullCostModel;
        if (_peerFetch && site is null)
        {
            throw new ArgumentException($"{setup.Name} fetches from peers: it needs a cost model with a LAN beside the uplink");
        }

        // A policy without peer fetch pays the registry's price for every layer.
        _cost = _peerFetch ? cost : site?.Wan ?? cost;
        _progressInterval = progressInterval ?? TimeSpan.FromSeconds(5);
        if (settings.SharedUplink)
        {
            _link = (site?.Wan ?? cost) as BandwidthPullCostModel ?? throw new ArgumentException("a shared uplink needs a bandwidth cost model");
            _lanLink = _peerFetch ? site!.Lan as BandwidthPullCostModel ?? throw new ArgumentException("a shared uplink needs a bandwidth model of the LAN") : null;
            _links = new FairShareUplink[settings.Sites + (_peerFetch ? settings.Nodes : 0)];
            for (var i = 0; i < _links.Length; i++)
            {
                _links[i] = new FairShareUplink(i < settings.Sites ? _link.BandwidthBytesPerSecond : _lanLink!.BandwidthBytesPerSecond);
            }

            _linkGenerations = new int[_links.Length];
        }

        // With peer fetch the planner gives each site its first copy of a popular layer before it adds copies.
        // With unpack ahead, Core's unpack planner follows each round's content orders with the images to unpack.
        _unpackOptions = (setup.PrefetchOptions ?? new PrefetchPlannerOptions()) with { SeedEachSiteFirst = setup.PeerFetch, UnpackAhead = setup.UnpackAhead };
        _planner = setup.Prefetch ? new PrefetchPlanner(_unpackOptions) : null;
        _unpackPlanner = setup.Prefetch && setup.UnpackAhead ? new UnpackPlanner(_unpackOptions) : null;
        _popularity = new PopularityTracker(TimeSpan.FromSeconds(settings.PopularityHalfLifeSeconds), _clock);
        _scoresHoldings = ScoresHoldings(settings, setup);
        _cluster = new ClusterView { HoldingsByNode = true, IndexesLayerHolders = AsksForLayerHolders(setup) };
        _context = new EvictionContext(_cost, _popularity, _cluster);
        _fit = new PodFit(_cluster, _cost);
        // Its own stream, so that the trace does not shift when a policy draws more or fewer tie-breaks.
        _tieBreak = new SubtractiveRandom(unchecked((settings.Seed * 7919) + 104729));
        _scoreIsConstant = settings.ExtenderWeight == 0 && setup.Scorer is AgnosticScorer;
        _scoreReadsLoad = setup.Scorer.ReadsLoad;
        _latencies = new double[trace.Count];
        _window = new NodeWindowTable(settings.Nodes);

        var capacity = setup.UnlimitedStorage ? long.MaxValue / 4 : settings.StorageBytes;
        var high = setup.UnlimitedStorage ? 1 : settings.HighWatermarkPercent / 100;
        var low = setup.UnlimitedStorage ? 1 : settings.LowWatermarkPercent / 100;
        for (var i = 0; i < settings.Nodes; i++)
        {
            var siteName = settings.NodesPerSite == 0 ? NodeCache.DefaultSite : $"site-{i / settings.NodesPerSite:D3}";
            var cache = _cluster.Add(new NodeCache($"node-{i:D4}", capacity, high, low, _clock) { Site = siteName });
            _nodes.Add(new NodeRuntime(cache, _window));
        }

        _freeSlots = settings.Nodes * settings.SlotsPerNode;
        _nodesToFind = NodeSampling.FeasibleNodesToFind(settings.NodesToScorePercent, settings.Nodes);
    }

    /// <summary>
    /// Whether anything in the run asks which nodes hold a layer: the scorer, the prefetch and unpack planners, peer fetch,
    /// a cost that prices sites, or an eviction policy other than the node-local ones. Otherwise the view keeps no such index.
    /// </summary>
    private bool AsksForLayerHolders(PolicySetup setup) =>
        _scoresHoldings || setup.Prefetch || _peerFetch || _cost.PricesSites
        || setup.Eviction is not (LruEvictionPolicy or LfuEvictionPolicy or GdsfEvictionPolicy);

    private enum EventKind
    {
        Arrival,
        ContainerEnd,
        PrefetchStep,
        PlannerTick,
        Sample,
        UplinkDone,
        PodStarted,
        UnpackStep,
    }

    public SimulationResult Run()
    {
        var wall = Stopwatch.StartNew();
        var lastReport = wall.Elapsed;
        ScheduleArrival(0);
        Schedule(0, EventKind.Sample, -1, -1);
        if (_planner is not null)
        {
            Schedule(_settings.PlanIntervalSeconds, EventKind.PlannerTick, -1, -1);
        }

        while (_events.TryDequeue(out var e, out var at))
        {
            _clock.Seconds = at.Time;
            switch (e.Kind)
            {
                case EventKind.Arrival:
                    ScheduleArrival(e.Request + 1);
                    _pending.Add(e.Request);
                    TrySchedule();
                    break;
                case EventKind.ContainerEnd:
                    EndContainer(e.Node, e.Request);
                    break;
                case EventKind.PrefetchStep:
                    PrefetchStep(_nodes[e.Node]);
                    break;
                case EventKind.PlannerTick:
                    PlanPrefetch();
                    break;
                case EventKind.Sample:
                    Sample();
                    break;
                case EventKind.UplinkDone:
                    UplinkEvent(e.Node, e.Request);
                    break;
                case EventKind.PodStarted:
                    MarkPulled(_nodes[e.Node], ImageOf(e.Request));
                    break;
                case EventKind.UnpackStep:
                    UnpackStep(_nodes[e.Node]);
                    break;
            }

            if (_progress is not null && wall.Elapsed - lastReport > _progressInterval)
            {
                lastReport = wall.Elapsed;
                ReportProgress();
            }
        }

        ReportProgress();

        if (_pending.Count > 0)
        {
            throw new InvalidOperationException($"{_setup.Name}: {_pending.Count} requests could never be placed; is an image larger than a node's storage?");
        }

        if (_startedPulls != _placed)
        {
            throw new InvalidOperationException($"{_setup.Name}: {_placed - _startedPulls} placed requests never started (a layer they wait for never became ready)");
        }

        return Summarize(wall.Elapsed.TotalSeconds);
    }

    private void ReportProgress() =>
        _progress?.Invoke($"{_setup.Name}: {_placed * 100L / Math.Max(_trace.Count, 1)}% of {_trace.Count} requests placed, {_clock.Seconds:F0} s simulated");

    /// <summary>Other events come after every arrival at the same time, as if all arrivals had been queued first.</summary>
    private void Schedule(double time, EventKind kind, int node, int request) =>
        _events.Enqueue(new SimulationEvent(kind, node, request), (time, _trace.Count + _sequence++));

    /// <summary>
    /// Queues one arrival; each arrival queues the next, so the queue holds only what is in flight. Its request number
    /// orders it among events at the same time.
    /// </summary>
    private void ScheduleArrival(int request)
    {
        if (request < _trace.Count)
        {
            _events.Enqueue(new SimulationEvent(EventKind.Arrival, -1, request), (_trace.ArrivalSeconds[request], request));
        }
    }

    private ContainerImage ImageOf(int request) => _images[_trace.ImageRanks[request]];

    /// <summary>When a prefetch (content only: its transfer, no unpack) that starts at <paramref name="from"/> on the node's own link has the layer.</summary>
    private double PrefetchEnd(double from, long sizeBytes, bool fromPeer) => from + _cost.LayerSplit(sizeBytes, LayerState.Absent, fromPeer).TransferSeconds;

    /// <summary>Whether another node of the node's site has the layer ready to serve now (not one still fetching it).</summary>
    private bool PeerHolds(NodeRuntime node, Digest layer)
    {
        if (!_peerFetch)
        {
            return false;
        }

        var now = _clock.Seconds;
        foreach (var holder in _cluster.HoldersOf(layer))
        {
            if (holder == node.Cache || holder.SiteId != node.Cache.SiteId)
            {
                continue;
            }

            if (!_nodes[holder.Id].TryGetReadyAt(layer, out var ready) || ready <= now)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Counts a layer's bytes as fetched from a peer over the LAN or from the registry over the uplink.</summary>
    private void CountSource(long sizeBytes, bool fromPeer)
    {
        if (fromPeer)
        {
            _peerBytes += sizeBytes;
        }
        else
        {
            _registryBytes += sizeBytes;
        }
    }

    private readonly record struct SimulationEvent(EventKind Kind, int Node, int Request);
}
