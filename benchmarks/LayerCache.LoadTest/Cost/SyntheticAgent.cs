using LayerCache.Benchmarks.Synthetic;
using LayerCache.Cluster;
using LayerCache.Core.Inventory;
using LayerCache.Core.Model;
using StackExchange.Redis;

namespace LayerCache.LoadTest.Cost;

/// <summary>
/// One node's agent as Redis sees it, through the agent's own classes at the agent's default cadence: the reporter
/// (publish with <see cref="InventoryPublisher"/>, a GET when nothing changed, then a heartbeat every interval, and a
/// publish at once when the inventory changes, with the image used counted in <see cref="PopularityStore"/>) and the
/// order consumer (<see cref="OrderIntake.TakeAsync"/> every poll, progress per layer, <see cref="OrderQueue.CompleteAsync"/>,
/// and the fetched layers published as leased blobs). No containerd: a pull or a fetch only changes the snapshot.
/// </summary>
public sealed class SyntheticAgent
{
    private readonly SyntheticNode _node;
    private readonly InventoryPublisher _publisher;
    private readonly OrderQueue _orders;
    private readonly OrderIntake _intake;
    private readonly PopularityStore _popularity;
    private readonly AgentCounters _counters;
    private readonly TimeProvider _time;
    private readonly Random _random;
    private readonly SemaphoreSlim _inventoryChanged = new(0, 1);
    private readonly SemaphoreSlim _orderDone = new(0, 1);
    private readonly Queue<ContainerImage> _uses = new();
    private readonly Lock _gate = new();
    private InventorySnapshot _snapshot;

    public SyntheticAgent(SyntheticNode node, IConnectionMultiplexer redis, ClusterStoreOptions store, OrderQueue orders, PopularityStore popularity, AgentCounters counters, TimeProvider time, int seed)
    {
        _node = node;
        _publisher = new InventoryPublisher(redis, store, node.Name);
        _orders = orders;
        _intake = new OrderIntake(orders, node.Name, AgentCadence.MaxOrdersInFlight);
        _popularity = popularity;
        _counters = counters;
        _time = time;
        _random = new Random(seed);
        _snapshot = node.Snapshot;
    }

    public string Name => _node.Name;

    /// <summary>The snapshot as it is now (with what was pulled and fetched since the start).</summary>
    public InventorySnapshot Snapshot
    {
        get
        {
            lock (_gate)
            {
                return _snapshot;
            }
        }
    }

    /// <summary>The first publish (the whole snapshot) and heartbeat, as an agent does when it starts.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _publisher.PublishAsync(Snapshot, cancellationToken).ConfigureAwait(false);
        await _publisher.HeartbeatAsync(Heartbeat(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The reporter and the order consumer until cancelled, each starting at a random point of its interval.</summary>
    public Task RunAsync(CancellationToken cancellationToken) => Task.WhenAll(ReportAsync(cancellationToken), ConsumeAsync(cancellationToken));

    /// <summary>Pulls one image this node does not hold, every <paramref name="every"/>, until cancelled.</summary>
    public async Task PullAsync(IReadOnlyList<ContainerImage> catalog, TimeSpan every, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(every * Fraction(), _time, cancellationToken).ConfigureAwait(false);
            using var timer = new PeriodicTimer(every, _time);
            do
            {
                Pull(catalog);
            }
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException)
        {
            // The storm is over.
        }
    }

    /// <summary>A catalog image this node does not hold and the layers of it the node lacks (what a prefetch would order).</summary>
    public (ContainerImage Image, IReadOnlyList<Layer> Missing) Lacking(IReadOnlyList<ContainerImage> catalog)
    {
        var snapshot = Snapshot;
        var held = snapshot.Images.SelectMany(i => i.DistinctLayers).Concat(snapshot.LeasedBlobs).Select(l => l.Digest).ToHashSet();
        for (var attempt = 0; ; attempt++)
        {
            ContainerImage image;
            lock (_gate)
            {
                image = catalog[_random.Next(catalog.Count)];
            }

            List<Layer> missing = [.. image.DistinctLayers.Where(l => !held.Contains(l.Digest))];
            if (missing.Count > 0 || attempt > 100)
            {
                return (image, missing);
            }
        }
    }

    private void Pull(IReadOnlyList<ContainerImage> catalog)
    {
        var (image, _) = Lacking(catalog);
        lock (_gate)
        {
            var running = _snapshot.ContainerImages.Append(image.Reference).TakeLast(AgentCadence.RunningContainers);
            _snapshot = _snapshot with { Images = [.. _snapshot.Images.Where(i => i.Reference != image.Reference), image], ContainerImages = [.. running] };
            _uses.Enqueue(image);
        }

        _counters.Pulled();
        Ring(_inventoryChanged);
    }

    private async Task ReportAsync(CancellationToken cancellationToken)
    {
        var lastHeartbeat = _time.GetUtcNow() - (AgentCadence.HeartbeatInterval * Fraction());
        while (!cancellationToken.IsCancellationRequested)
        {
            var wait = AgentCadence.HeartbeatInterval;
            try
            {
                await _publisher.PublishAsync(Snapshot, cancellationToken).ConfigureAwait(false);
                _counters.Published();
                while (NextUse() is { } image)
                {
                    await _popularity.RecordAsync(image, 1, cancellationToken).ConfigureAwait(false);
                    _counters.Used();
                }

                if (NodeHeartbeat.IsDue(lastHeartbeat, _time.GetUtcNow(), AgentCadence.HeartbeatInterval))
                {
                    await _publisher.HeartbeatAsync(Heartbeat(), cancellationToken).ConfigureAwait(false);
                    _counters.Heartbeat();
                    lastHeartbeat = _time.GetUtcNow();
                }

                var left = lastHeartbeat + AgentCadence.HeartbeatInterval - _time.GetUtcNow();
                wait = left > TimeSpan.Zero ? left : TimeSpan.Zero;
            }
            catch (Exception e) when (IsRedisFailure(e, cancellationToken))
            {
                _counters.Failed();
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }

            if (!await WaitAsync(_inventoryChanged, wait, cancellationToken).ConfigureAwait(false))
            {
                return;
            }
        }
    }

    private async Task ConsumeAsync(CancellationToken cancellationToken)
    {
        var inFlight = new Dictionary<string, Task>(StringComparer.Ordinal);
        if (!await WaitAsync(_orderDone, AgentCadence.OrderPollInterval * Fraction(), cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        while (!cancellationToken.IsCancellationRequested)
        {
            foreach (var done in inFlight.Where(kv => kv.Value.IsCompleted).Select(kv => kv.Key).ToList())
            {
                inFlight.Remove(done);
            }

            // A turn counts whether or not it reads: an agent with its orders in flight skips the read, as the agent does.
            _counters.Polled();
            try
            {
                foreach (var delivery in await _intake.TakeAsync(inFlight.Keys, cancellationToken).ConfigureAwait(false))
                {
                    inFlight[delivery.StreamId] = HandleAsync(delivery, cancellationToken);
                }
            }
            catch (Exception e) when (IsRedisFailure(e, cancellationToken))
            {
                _counters.Failed();
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }

            if (!await WaitAsync(_orderDone, AgentCadence.OrderPollInterval, cancellationToken).ConfigureAwait(false))
            {
                break;
            }
        }

        await Task.WhenAll(inFlight.Values).ConfigureAwait(false);
    }

    private async Task HandleAsync(OrderDelivery delivery, CancellationToken cancellationToken)
    {
        await Task.Yield();
        var order = delivery.Order;
        var started = _time.GetTimestamp();
        try
        {
            IReadOnlyList<Layer> layers = [];
            if (!await _orders.IsDoneAsync(_node.Name, order.Id, cancellationToken).ConfigureAwait(false))
            {
                layers = order is PrefetchLayersOrder prefetch ? prefetch.Layers : [];
                long bytes = 0;
                foreach (var layer in layers)
                {
                    await Task.Delay(AgentCadence.LayerFetch, _time, cancellationToken).ConfigureAwait(false);
                    bytes += layer.SizeBytes;
                    await _orders.ReportProgressAsync(_node.Name, order.Id, bytes, cancellationToken).ConfigureAwait(false);
                    _counters.ProgressReported();
                }
            }

            var outcome = new OrderOutcome(
                order.Id, _node.Name, order.Kind, true, layers.Sum(l => l.SizeBytes), _time.GetElapsedTime(started).TotalSeconds, null, _time.GetUtcNow());
            await _orders.CompleteAsync(delivery, outcome, cancellationToken).ConfigureAwait(false);
            _counters.OrderCompleted();
            if (layers.Count > 0)
            {
                lock (_gate)
                {
                    _snapshot = _snapshot with { LeasedBlobs = [.. _snapshot.LeasedBlobs, .. layers] };
                }

                Ring(_inventoryChanged);
            }
        }
        catch (Exception e) when (IsRedisFailure(e, cancellationToken))
        {
            _counters.Failed();
            _intake.LeftPending();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped with the run; the delivery stays pending.
        }
        finally
        {
            Ring(_orderDone);
        }
    }

    /// <summary>Where in its interval a loop starts, so the agents spread over it as independent nodes do.</summary>
    private double Fraction()
    {
        lock (_gate)
        {
            return _random.NextDouble();
        }
    }

    private ContainerImage? NextUse()
    {
        lock (_gate)
        {
            return _uses.TryDequeue(out var image) ? image : null;
        }
    }

    private NodeHeartbeat Heartbeat() =>
        new(_node.Name, _publisher.Sequence, _node.CapacityBytes, 0.9, 0.8, _node.BandwidthBytesPerSecond, "LRU", _time.GetUtcNow());

    private static bool IsRedisFailure(Exception e, CancellationToken cancellationToken) =>
        RedisConnection.IsFailure(e) && !cancellationToken.IsCancellationRequested;

    private static void Ring(SemaphoreSlim signal)
    {
        try
        {
            signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already rung.
        }
    }

    /// <summary>Waits for the signal or the time; false once cancelled.</summary>
    private async Task<bool> WaitAsync(SemaphoreSlim signal, TimeSpan wait, CancellationToken cancellationToken)
    {
        try
        {
            await signal.WaitAsync(wait, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
