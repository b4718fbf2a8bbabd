using System.Collections.Concurrent;
using LayerCache.Agent.Inventory;
using LayerCache.Agent.Node;
using LayerCache.Cluster;
using LayerCache.Core.Model;

namespace LayerCache.Agent.Cluster;

/// <summary>
/// Reports the node to Redis: its inventory (the whole snapshot first, then deltas) as soon as the inventory loop
/// applies a change, the images new containers use (as popularity), and a heartbeat every interval, which also
/// republishes the inventory if a change was missed (without a change nothing is written).
/// </summary>
internal sealed class InventoryReporter(
    InventorySync inventory, NodeState node, InventoryPublisher publisher, PopularityStore popularity, LinkState state, AgentMetrics metrics, AgentOptions options, TimeProvider time)
{
    /// <summary>Container starts kept for Redis during an outage; beyond this the newest are dropped.</summary>
    private const int MaxPendingUses = 10_000;

    private readonly WakeSignal _wake = new();
    private readonly ConcurrentQueue<ContainerImage> _uses = new();

    /// <summary>The inventory sequence last published; 0 before the first.</summary>
    public long Sequence { get; private set; }

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        inventory.SnapshotChanged += OnSnapshotChanged;
        inventory.ImageUsed += OnImageUsed;
        state.Reconnected += _wake.Ring;
        try
        {
            await ReportAsync(stoppingToken).ConfigureAwait(false);
        }
        finally
        {
            inventory.SnapshotChanged -= OnSnapshotChanged;
            inventory.ImageUsed -= OnImageUsed;
            state.Reconnected -= _wake.Ring;
        }
    }

    private async Task ReportAsync(CancellationToken stoppingToken)
    {
        var lastHeartbeat = DateTimeOffset.MinValue;
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (state.TakeReset())
                {
                    publisher.Reset();
                    lastHeartbeat = DateTimeOffset.MinValue;
                }

                if (inventory.LastSnapshot is { } snapshot)
                {
                    Sequence = await publisher.PublishAsync(snapshot, stoppingToken).ConfigureAwait(false);
                    metrics.InventorySequence.Set(Sequence);
                    await RecordUsesAsync(stoppingToken).ConfigureAwait(false);
                    if (NodeHeartbeat.IsDue(lastHeartbeat, time.GetUtcNow(), options.HeartbeatInterval))
                    {
                        await publisher.HeartbeatAsync(await HeartbeatAsync(stoppingToken).ConfigureAwait(false), stoppingToken).ConfigureAwait(false);
                        lastHeartbeat = time.GetUtcNow();
                    }

                    state.Succeeded();
                }

                failures = 0;
            }
            catch (Exception e) when (RedisConnection.IsFailure(e) && !stoppingToken.IsCancellationRequested)
            {
                state.Failed("inventory", e.Message);
                failures++;
            }

            var wait = failures > 0 ? LinkState.Backoff(failures) : Until(lastHeartbeat + options.HeartbeatInterval);
            await _wake.WaitAsync(wait, time, stoppingToken).ConfigureAwait(false);
        }
    }

    private TimeSpan Until(DateTimeOffset due)
    {
        var left = due - time.GetUtcNow();
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }

    /// <summary>Each use leaves the queue only once Redis has counted it, so an outage loses none (up to the bound).</summary>
    private async Task RecordUsesAsync(CancellationToken cancellationToken)
    {
        while (_uses.TryPeek(out var image))
        {
            await popularity.RecordAsync(image, 1, cancellationToken).ConfigureAwait(false);
            _uses.TryDequeue(out _);
        }
    }

    private async Task<NodeHeartbeat> HeartbeatAsync(CancellationToken cancellationToken)
    {
        await node.Lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var cache = node.Cache;
            var peers = options.Peers;
            return new NodeHeartbeat(
                cache.Name, Sequence, cache.CapacityBytes, cache.HighWatermark, cache.LowWatermark, node.Bandwidth.BytesPerSecond, node.Policy.Name, time.GetUtcNow(),
                peers.Port != 0 ? peers.AdvertiseAddress : null,
                peers.Site.Length > 0 ? peers.Site : null);
        }
        finally
        {
            node.Lock.Release();
        }
    }

    private void OnSnapshotChanged(Core.Inventory.InventorySnapshot snapshot) => _wake.Ring();

    private void OnImageUsed(ContainerImage image)
    {
        if (_uses.Count < MaxPendingUses)
        {
            _uses.Enqueue(image);
            _wake.Ring();
        }
    }
}
