using System.Collections.Concurrent;
using System.Globalization;
using LayerCache.Cluster;
using LayerCache.Coordinator.State;
using LayerCache.Coordinator.View;
using LayerCache.Core.Eviction;
using LayerCache.Core.Model;
using LayerCache.Core.Popularity;
using LayerCache.Core.Prefetch;
using LayerCache.Hosting;
using Microsoft.Extensions.Options;

namespace LayerCache.Coordinator.Planning;

/// <summary>
/// Every <see cref="PlannerOptions.Interval"/>, takes or renews the planner lock; the replica that holds it runs Core's
/// <see cref="PrefetchPlanner"/> over the view with the cluster's popularity from Redis, and appends the orders to
/// each node's stream: first an eviction of what the prefetch displaces, then the layers, grouped by an image that
/// holds them (the agent fetches from that image's repository), then, with <see cref="PlannerOptions.UnpackAhead"/>,
/// Core's <see cref="UnpackPlanner"/>'s images to unpack. A node with orders still pending gets none new, and a layer
/// (or an image to unpack) already ordered onto a node is not ordered again until its outcome arrives or it times out.
/// </summary>
public sealed partial class PlannerLoop : BackgroundLoop
{
    private const int OutcomeBatch = 1000;

    private readonly LeaderLock _lock;
    private readonly PopularityStore _popularity;
    private readonly OrderQueue _orders;
    private readonly ClusterState _state;
    private readonly PlannerOptions _options;
    private readonly CoordinatorOptions _coordinator;
    private readonly StoreMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger<PlannerLoop> _logger;
    private readonly PrefetchPlanner _planner;
    private readonly UnpackPlanner _unpackPlanner;
    private readonly IEvictionPolicy _policy;
    private readonly Dictionary<(string Node, Digest Layer), DateTimeOffset> _ordered = [];
    private readonly Dictionary<(string Node, string Image), DateTimeOffset> _orderedImages = [];
    private readonly Dictionary<string, (List<(string Node, Digest Layer)> Layers, (string Node, string Image)? Image, DateTimeOffset Until)> _orderLayers = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<NodeOrder> _issuedElsewhere = new();
    private string? _outcomesAfter;
    private DateTimeOffset _leadingSince;

    public PlannerLoop(
        LeaderLock leaderLock,
        PopularityStore popularity,
        OrderQueue orders,
        ClusterState state,
        IOptions<PlannerOptions> options,
        IOptions<CoordinatorOptions> coordinator,
        StoreMetrics metrics,
        TimeProvider time,
        IHostApplicationLifetime lifetime,
        ILogger<PlannerLoop> logger)
        : base(lifetime, logger)
    {
        _lock = leaderLock;
        _popularity = popularity;
        _orders = orders;
        _state = state;
        _options = options.Value;
        _coordinator = coordinator.Value;
        _metrics = metrics;
        _time = time;
        _logger = logger;
        _planner = new PrefetchPlanner(_options.ToCore());
        _unpackPlanner = new UnpackPlanner(_options.ToCore());
        _policy = EvictionPolicies.TryCreate(_options.Policy) ?? new ClusterAwareEvictionPolicy();
    }

    protected override string Name => "planner";

    /// <summary>
    /// An order issued on this replica outside a round (an operator's prefetch): while leading, its layers count as
    /// ordered onto its node until its outcome arrives, as the planner's own do.
    /// </summary>
    public void Track(NodeOrder order) => _issuedElsewhere.Enqueue(order);

    /// <summary>True while this replica holds the lock, as of its last attempt.</summary>
    public bool IsLeader => _lock.IsHeld;

    protected override async Task RunAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (true)
            {
                await TickAsync(stoppingToken).ConfigureAwait(false);
                await Task.Delay(_options.Interval, _time, stoppingToken).ConfigureAwait(false);
            }
        }
        finally
        {
            await ReleaseAsync().ConfigureAwait(false);
        }
    }

    /// <summary>One round: the lock, then (as leader) outcomes and a plan. Returns the orders appended.</summary>
    internal async Task<int> TickAsync(CancellationToken cancellationToken)
    {
        bool leader;
        try
        {
            var wasLeader = _lock.IsHeld;
            leader = await _lock.TryAcquireOrRenewAsync(cancellationToken).ConfigureAwait(false);
            if (leader && !wasLeader)
            {
                LogLeading(_logger);
            }
            else if (!leader && wasLeader)
            {
                LogLostLead(_logger);
            }
        }
        catch (Exception e) when (StoreFeed.IsStoreFailure(e))
        {
            // Without Redis no replica can know it leads: planning pauses.
            _metrics.RedisErrors.Inc(1, "planner");
            leader = false;
        }

        _metrics.PlannerLeader.Set(leader ? 1 : 0);
        if (!leader)
        {
            // What this replica ordered is the next leader's to track; kept here, it would only grow.
            _outcomesAfter = null;
            _ordered.Clear();
            _orderedImages.Clear();
            _orderLayers.Clear();
            _issuedElsewhere.Clear();
            _metrics.PlannerTrackedOrders.Set(0);
            return 0;
        }

        if (_state.IsStale)
        {
            return 0;
        }

        try
        {
            await ReadOutcomesAsync(cancellationToken).ConfigureAwait(false);
            return await PlanAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (StoreFeed.IsStoreFailure(e))
        {
            _metrics.RedisErrors.Inc(1, "planner");
            LogRoundFailed(_logger, e.Message);
            return 0;
        }
    }

    private async Task<int> PlanAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        foreach (var expired in _ordered.Where(o => o.Value <= now).Select(o => o.Key).ToList())
        {
            _ordered.Remove(expired);
        }

        foreach (var expired in _orderedImages.Where(o => o.Value <= now).Select(o => o.Key).ToList())
        {
            _orderedImages.Remove(expired);
        }

        // An order whose outcome never came (lost, or its node gone) is forgotten with its layers.
        foreach (var expired in _orderLayers.Where(o => o.Value.Until <= now).Select(o => o.Key).ToList())
        {
            _orderLayers.Remove(expired);
        }

        while (_issuedElsewhere.TryDequeue(out var issued))
        {
            Remember(issued, now);
        }

        var popularity = await _popularity.LoadAsync(_options.CandidateLayers, cancellationToken).ConfigureAwait(false);
        var (planned, unpacks) = Plan(popularity);
        _metrics.PlannerRounds.Inc();

        // One pass over the catalog for the round, not one per node.
        var sources = LayerSources(planned.Select(o => o.Layer.Digest));

        var appended = 0;
        var nodes = planned.Select(o => o.NodeName).Concat(unpacks.Select(o => o.NodeName)).Distinct(StringComparer.Ordinal);
        foreach (var node in nodes)
        {
            if (await _orders.PendingCountAsync(node, cancellationToken).ConfigureAwait(false) > 0)
            {
                continue;
            }

            var content = planned.Where(o => o.NodeName == node).ToList();
            var orders = content.Count > 0 ? ToNodeOrders(node, content, sources, now) : [];
            orders.AddRange(unpacks.Where(o => o.NodeName == node).Select(o => ToUnpackOrder(o, now)));
            foreach (var order in orders)
            {
                await _orders.AppendAsync(order, cancellationToken).ConfigureAwait(false);
                _metrics.OrdersIssued.Inc(1, OrderKindLabels.Of(order.Kind));
                appended++;
                Remember(order, now);
            }
        }

        _metrics.PlannerTrackedOrders.Set(_orderLayers.Count);

        if (appended > 0)
        {
            LogPlanned(_logger, appended, planned.Count);
        }

        return appended;
    }

    /// <summary>Counts the order's layers (or image to unpack) as ordered onto its node until its outcome arrives or it times out.</summary>
    private void Remember(NodeOrder order, DateTimeOffset now)
    {
        List<(string Node, Digest Layer)> layers = order is PrefetchLayersOrder prefetch ? [.. prefetch.Layers.Select(l => (order.Node, l.Digest))] : [];
        foreach (var key in layers)
        {
            _ordered[key] = now + _options.OrderTimeout;
        }

        (string Node, string Image)? image = order is UnpackImageOrder unpack ? (unpack.Node, unpack.Image) : null;
        if (image is { } unpackKey)
        {
            _orderedImages[unpackKey] = now + _options.OrderTimeout;
        }

        _orderLayers[order.Id] = (layers, image, now + _options.OrderTimeout);
    }

    /// <summary>The round's content orders, then (with unpack ahead) the images to unpack, from one read of the view.</summary>
    private (IReadOnlyList<PrefetchOrder> Content, IReadOnlyList<UnpackOrder> Unpack) Plan(PopularityTracker popularity)
    {
        using var read = _state.Read();
        var cost = _coordinator.PullCost(_coordinator.DefaultBandwidthBytesPerSecond);
        var context = new EvictionContext(cost, popularity, read.View);
        var content = _planner.Plan(read.View, popularity, _policy, context, (node, layer) => _ordered.ContainsKey((node.Name, layer)));
        var unpack = _unpackPlanner.Plan(
            read.View,
            popularity,
            reference => _state.TryGetImage(reference, out var image) ? image : null,
            cost,
            content,
            (node, image) => _orderedImages.ContainsKey((node.Name, image.Reference)));
        return (content, unpack);
    }

    /// <summary>One order to unpack the image (by the catalog's reference, which the agent pulls from), with why.</summary>
    private static UnpackImageOrder ToUnpackOrder(UnpackOrder planned, DateTimeOffset now) => new(NewId(), planned.NodeName, planned.Image.Reference, now)
    {
        Reason = string.Create(
            CultureInfo.InvariantCulture,
            $"the node holds this popular image's layers as content only and expects {planned.ExpectedRequests:G3} pod starts of it: unpacked ahead ({planned.SnapshotBytes} bytes of snapshots within its free budget), each saves {planned.UnpackSeconds:G3} s of unpack"),
    };

    /// <summary>An eviction of every victim first, then one prefetch per image the node's layers come from.</summary>
    private static List<NodeOrder> ToNodeOrders(string node, IReadOnlyList<PrefetchOrder> planned, Dictionary<Digest, string> sources, DateTimeOffset now)
    {
        var orders = new List<NodeOrder>();
        var victims = planned.SelectMany(o => o.Displace).Select(v => v.Candidate).DistinctBy(c => c.Name).ToList();
        if (victims.Count > 0)
        {
            orders.Add(new EvictOrder(
                NewId(),
                node,
                [.. victims.Where(c => c.IsImage).Select(c => c.Image!.Reference)],
                [.. victims.Where(c => !c.IsImage).Select(c => c.Layer!.Value.Digest)],
                now)
            {
                Reason = $"makes room for {planned.Count} popular layers ({planned.Sum(o => o.Layer.SizeBytes)} bytes) worth more per byte than what goes",
            });
        }

        foreach (var byImage in planned.Where(o => sources.ContainsKey(o.Layer.Digest)).GroupBy(o => sources[o.Layer.Digest], StringComparer.Ordinal))
        {
            var layers = byImage.ToList();
            orders.Add(new PrefetchLayersOrder(NewId(), node, byImage.Key, [.. layers.Select(o => o.Layer)], now)
            {
                Reason = string.Create(
                    CultureInfo.InvariantCulture,
                    $"popular layers the node lacks: value per byte {layers.Min(o => o.Priority):G3} to {layers.Max(o => o.Priority):G3}, {(layers.Any(o => o.Displace.Count > 0) ? "in room the eviction ordered with it frees" : "within the node's free budget")}"),
            });
        }

        return orders;
    }

    /// <summary>For each layer, an image in the catalog that holds it: the repository the agent fetches it from.</summary>
    private Dictionary<Digest, string> LayerSources(IEnumerable<Digest> layers)
    {
        var wanted = layers.ToHashSet();
        var sources = new Dictionary<Digest, string>();
        foreach (var image in _state.Images)
        {
            foreach (var layer in image.DistinctLayers)
            {
                if (wanted.Contains(layer.Digest))
                {
                    sources.TryAdd(layer.Digest, image.Reference);
                }
            }
        }

        return sources;
    }

    private async Task ReadOutcomesAsync(CancellationToken cancellationToken)
    {
        // A new leader reads the stream from its start but counts only what is reported from now on.
        if (_outcomesAfter is null)
        {
            _outcomesAfter = "0";
            _leadingSince = _time.GetUtcNow();
        }

        OutcomeBatch batch;
        do
        {
            batch = await _orders.ReadOutcomesAsync(_outcomesAfter, OutcomeBatch, cancellationToken).ConfigureAwait(false);
            foreach (var outcome in batch.Outcomes.Where(o => o.At >= _leadingSince))
            {
                _metrics.OrderOutcomes.Inc(1, OrderKindLabels.Of(outcome.Kind), outcome.Succeeded ? "succeeded" : "failed");
                if (_orderLayers.Remove(outcome.OrderId, out var tracked))
                {
                    foreach (var key in tracked.Layers)
                    {
                        _ordered.Remove(key);
                    }

                    if (tracked.Image is { } image)
                    {
                        _orderedImages.Remove(image);
                    }
                }
            }

            _outcomesAfter = batch.LastId;
        }
        while (batch.Outcomes.Count == OutcomeBatch);
    }

    private async Task ReleaseAsync()
    {
        if (!_lock.IsHeld)
        {
            return;
        }

        try
        {
            // A replica shutting down hands over at once instead of after the lock's expiry.
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await _lock.ReleaseAsync(timeout.Token).ConfigureAwait(false);
            _metrics.PlannerLeader.Set(0);
        }
        catch (Exception e) when (StoreFeed.IsStoreFailure(e) || e is OperationCanceledException)
        {
            LogRoundFailed(_logger, e.Message);
        }
    }

    private static string NewId() => Guid.NewGuid().ToString("N");

    [LoggerMessage(Level = LogLevel.Information, Message = "This replica now leads the planner")]
    private static partial void LogLeading(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "This replica lost the planner lock")]
    private static partial void LogLostLead(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Appended {Orders} orders for {Layers} planned layer copies")]
    private static partial void LogPlanned(ILogger logger, int orders, int layers);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Planning round failed: {Reason}")]
    private static partial void LogRoundFailed(ILogger logger, string reason);
}
