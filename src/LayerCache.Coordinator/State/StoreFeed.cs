using System.Diagnostics;
using System.Text.Json;
using LayerCache.Cluster;
using LayerCache.Coordinator.View;
using LayerCache.Hosting;
using LayerCache.Core.Retries;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace LayerCache.Coordinator.State;

/// <summary>
/// Keeps <see cref="ClusterState"/> equal to what the agents published in Redis: every node's snapshot at start, then
/// the delta stream, resyncing a node from its snapshot when its sequence jumps (a lost delta), when a delta says
/// reset (also one that starts the sequence again), or when its heartbeat shows a sequence the view has not reached.
/// When Redis fails the view keeps its last picture, flagged stale, and everything is read again once Redis answers;
/// so it is after a reconnection that no call saw fail, since Redis may have restarted empty in between.
/// </summary>
public sealed partial class StoreFeed : BackgroundLoop
{
    private const int DeltaBatch = 1000;
    private const int ParallelSnapshotReads = 32;
    private const int SnapshotWindow = 256;
    private const int FirstSnapshotWindow = 32;

    /// <summary>A full sync of this many nodes or more is followed by a collection (below it, the read leaves a few MiB).</summary>
    private const int CompactAfterNodes = 1000;

    private readonly InventoryReader _reader;
    private readonly ClusterState _state;
    private readonly StoreOptions _options;
    private readonly StoreMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger<StoreFeed> _logger;
    private readonly Dictionary<string, NodeInventory> _applied = new(StringComparer.Ordinal);
    private readonly IConnectionMultiplexer _redis;
    private readonly BadPayloadSink _bad;
    private string _afterId = "0";
    private int _reconnected;

    public StoreFeed(
        IConnectionMultiplexer redis,
        InventoryReader reader,
        ClusterState state,
        IOptions<StoreOptions> options,
        StoreMetrics metrics,
        TimeProvider time,
        BadPayloadSink bad,
        IHostApplicationLifetime lifetime,
        ILogger<StoreFeed> logger)
        : base(lifetime, logger)
    {
        _redis = redis;
        _bad = bad;
        _reader = reader;
        _state = state;
        _options = options.Value;
        _metrics = metrics;
        _time = time;
        _logger = logger;
    }

    protected override string Name => "store feed";

    protected override async Task RunAsync(CancellationToken stoppingToken)
    {
        _redis.ConnectionRestored += OnConnectionRestored;
        _redis.ConnectionFailed += OnConnectionFailed;
        try
        {
            await FeedAsync(stoppingToken).ConfigureAwait(false);
        }
        finally
        {
            _redis.ConnectionRestored -= OnConnectionRestored;
            _redis.ConnectionFailed -= OnConnectionFailed;
        }
    }

    private async Task FeedAsync(CancellationToken stoppingToken)
    {
        var retry = new RetryBackoff(_options.RetryDelay, _options.MaxRetryDelay);
        var failures = 0;
        string? outage = null;
        while (true)
        {
            try
            {
                await FullSyncAsync(stoppingToken).ConfigureAwait(false);
                if (outage is not null)
                {
                    LogRecovered(_logger, outage);
                    outage = null;
                }

                failures = 0;
                await FollowAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (IsStoreFailure(e) && !stoppingToken.IsCancellationRequested)
            {
                _metrics.RedisErrors.Inc(1, "feed");
                _metrics.RedisConnected.Set(0);
                _state.MarkStale($"redis: {e.Message}");
                if (outage is null)
                {
                    outage = e.Message;
                    LogLost(_logger, e.Message);
                }

                await Task.Delay(retry.Delay(++failures), _time, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Redis unreachable or slow, or a payload in it that does not parse: the view goes stale and the feed retries.</summary>
    internal static bool IsStoreFailure(Exception e) => RedisConnection.IsFailure(e) || e is JsonException;

    /// <summary>Reads every live node's heartbeat and snapshot; the delta stream is followed from just before.</summary>
    private async Task FullSyncAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();

        // The stream position first: a delta written while the snapshots are read is then read again, and skipped
        // by its sequence if the snapshot already had it.
        var afterId = await _reader.LatestDeltaIdAsync(cancellationToken).ConfigureAwait(false);
        var live = LiveNodes(await _reader.ReadNodesAsync(cancellationToken).ConfigureAwait(false));
        foreach (var heartbeat in live)
        {
            Upsert(heartbeat);
        }

        // A window of nodes at a time: the next window is read, parsed and filled while this one is put in the view, so
        // that work overlaps the view's one writer (on a small machine each holds a core), and at most two windows'
        // payloads are held at once.
        // The first windows are small, doubling up to the full size: nothing overlaps the first window's read, so the
        // writer starts sooner.
        _applied.Clear();
        var size = FirstSnapshotWindow;
        var reading = live.Count > 0 ? ReadWindowAsync(live, 0, size, cancellationToken) : null;
        for (var start = 0; start < live.Count;)
        {
            var window = await reading!.ConfigureAwait(false);
            start += window.Length;
            size = Math.Min(size * 2, SnapshotWindow);
            if (start < live.Count)
            {
                reading = ReadWindowAsync(live, start, size, cancellationToken);
            }

            foreach (var (inventory, prepared) in window)
            {
                if (inventory is not null)
                {
                    Apply(inventory, "start", prepared: prepared);
                }
            }
        }

        RemoveAbsent(live);
        if (live.Count >= CompactAfterNodes)
        {
            // Reading every snapshot leaves behind garbage of the order of the view it built: one compacting collection
            // returns it to the system before the view is marked synced, and counts in the sync's time.
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        }

        _afterId = afterId;
        _metrics.RedisConnected.Set(1);
        _metrics.ViewSyncSeconds.Observe(Stopwatch.GetElapsedTime(started).TotalSeconds);
        _state.MarkSynced(_time.GetUtcNow());
        LogSynced(_logger, live.Count, Stopwatch.GetElapsedTime(started).TotalSeconds);
    }

    /// <summary>
    /// The snapshots of the window of <paramref name="size"/> nodes from <paramref name="start"/>, read
    /// <see cref="ParallelSnapshotReads"/> at a time on the thread pool, each with the node's cache filled from it when the
    /// view held the node empty as the window began (<see cref="ClusterState.EmptyCaches"/>,
    /// <see cref="ClusterState.Prepare"/>).
    /// </summary>
    private async Task<(NodeInventory? Inventory, PreparedInventory? Prepared)[]> ReadWindowAsync(
        List<NodeHeartbeat> live, int start, int size, CancellationToken cancellationToken)
    {
        // Parallel.ForAsync queues its workers and returns at once: the caller goes on applying the window before.
        var window = new (NodeInventory?, PreparedInventory?)[Math.Min(size, live.Count - start)];
        var empty = _state.EmptyCaches([.. live.GetRange(start, window.Length).Select(h => h.Node)]);
        await Parallel.ForAsync(
            0,
            window.Length,
            new ParallelOptions { MaxDegreeOfParallelism = ParallelSnapshotReads, CancellationToken = cancellationToken },
            async (i, token) =>
            {
                var inventory = await _reader.ReadSnapshotAsync(live[start + i].Node, token).ConfigureAwait(false);
                window[i] = (inventory, inventory is null || empty[i] is not { } cache ? null : _state.Prepare(cache, inventory.Snapshot));
            }).ConfigureAwait(false);
        return window;
    }

    private async Task FollowAsync(CancellationToken cancellationToken)
    {
        var nextHeartbeats = _time.GetUtcNow() + _options.HeartbeatRefreshInterval;
        while (true)
        {
            await Task.Delay(_options.PollInterval, _time, cancellationToken).ConfigureAwait(false);
            if (Interlocked.Exchange(ref _reconnected, 0) == 1)
            {
                // Redis may have restarted empty between two polls without any call failing: read everything again.
                LogReconnected(_logger);
                return;
            }

            await ReadDeltasAsync(cancellationToken).ConfigureAwait(false);
            if (_time.GetUtcNow() >= nextHeartbeats)
            {
                await RefreshNodesAsync(cancellationToken).ConfigureAwait(false);
                nextHeartbeats = _time.GetUtcNow() + _options.HeartbeatRefreshInterval;
            }

            _metrics.RedisConnected.Set(1);
            _state.MarkSynced(_time.GetUtcNow());
        }
    }

    private async Task ReadDeltasAsync(CancellationToken cancellationToken)
    {
        DeltaBatch batch;
        do
        {
            batch = await _reader.ReadDeltasAsync(_afterId, DeltaBatch, cancellationToken).ConfigureAwait(false);
            foreach (var delta in batch.Deltas)
            {
                await ApplyAsync(delta, cancellationToken).ConfigureAwait(false);
            }

            _afterId = batch.LastId;
        }
        while (batch.Deltas.Count == DeltaBatch);
    }

    private async Task ApplyAsync(InventoryDelta delta, CancellationToken cancellationToken)
    {
        if (_applied.TryGetValue(delta.Node, out var current))
        {
            // A reset with a sequence not past the view's: the node's sequence started again (Redis lost its keys)
            // or the snapshot already had it; either way the snapshot is the truth.
            if (delta.Reset && delta.Sequence <= current.Sequence)
            {
                await ResyncAsync(delta.Node, "restart", cancellationToken, sequenceRestarted: true).ConfigureAwait(false);
                return;
            }

            if (delta.Sequence <= current.Sequence)
            {
                return;
            }

            if (!delta.Reset && delta.Sequence == current.Sequence + 1)
            {
                var snapshot = InventoryDiff.Apply(current.Snapshot, delta);
                if (Apply(new NodeInventory(delta.Node, delta.Sequence, snapshot), reason: null, kind: "delta"))
                {
                    _metrics.DeltasApplied.Inc();
                    return;
                }

                // The view could not take it: the node's snapshot is the truth.
                await ResyncAsync(delta.Node, "bad", cancellationToken).ConfigureAwait(false);
                return;
            }
        }

        // A node first seen, a reset, or a gap (a delta this reader never got): its snapshot is the truth.
        var reason = current is null ? "new" : delta.Reset ? "reset" : "gap";
        await ResyncAsync(delta.Node, reason, cancellationToken).ConfigureAwait(false);
    }

    private async Task RefreshNodesAsync(CancellationToken cancellationToken)
    {
        var live = LiveNodes(await _reader.ReadNodesAsync(cancellationToken).ConfigureAwait(false));
        foreach (var heartbeat in live)
        {
            Upsert(heartbeat);
            if (!_applied.TryGetValue(heartbeat.Node, out var current) || heartbeat.Sequence > current.Sequence)
            {
                // The agent published further than the deltas this reader got: one went missing.
                await ResyncAsync(heartbeat.Node, "behind", cancellationToken).ConfigureAwait(false);
            }
        }

        RemoveAbsent(live);
    }

    private async Task ResyncAsync(string node, string reason, CancellationToken cancellationToken, bool sequenceRestarted = false)
    {
        var inventory = await _reader.ReadSnapshotAsync(node, cancellationToken).ConfigureAwait(false);
        if (inventory is not null && (sequenceRestarted || !_applied.TryGetValue(node, out var current) || inventory.Sequence >= current.Sequence))
        {
            Apply(inventory, reason);
        }
    }

    /// <summary>Puts a node's inventory in the view; false, with the inventory reported as bad, when the view refuses it.</summary>
    private bool Apply(NodeInventory inventory, string? reason, string kind = "snapshot", PreparedInventory? prepared = null)
    {
        try
        {
            _state.ApplyInventory(inventory.Node, inventory.Snapshot, inventory.Sequence, prepared);
        }
        catch (Exception e) when (BadPayload.IsBadData(e))
        {
            _bad.Report(new BadPayload(kind, $"node {inventory.Node} sequence {inventory.Sequence}", e.Message));
            return false;
        }

        _applied[inventory.Node] = inventory;
        if (reason is not null)
        {
            _metrics.NodeResyncs.Inc(1, reason);
        }

        return true;
    }

    private List<NodeHeartbeat> LiveNodes(IReadOnlyList<NodeHeartbeat> heartbeats)
    {
        var oldest = _time.GetUtcNow() - _options.NodeExpiry;
        return [.. heartbeats.Where(h => h.At >= oldest)];
    }

    private void Upsert(NodeHeartbeat heartbeat)
    {
        try
        {
            _state.UpsertNode(
                heartbeat.Node,
                heartbeat.CapacityBytes,
                heartbeat.HighWatermark,
                heartbeat.LowWatermark,
                heartbeat.BandwidthBytesPerSecond,
                heartbeat.At,
                heartbeat.Sequence,
                heartbeat.EvictionPolicy,
                heartbeat.Site);
        }
        catch (ArgumentException e)
        {
            // One agent reporting nonsense must not stop the view of the others.
            LogBadHeartbeat(_logger, heartbeat.Node, e.Message);
        }
    }

    /// <summary>
    /// Nodes without a live heartbeat leave the view once the last heartbeat the view saw is older than the expiry. A
    /// node missing from a Redis that restarted empty therefore keeps its last inventory (and its hints) until its agent
    /// republishes, instead of vanishing for that moment; a node removed from Redis by hand leaves within the expiry.
    /// </summary>
    private void RemoveAbsent(List<NodeHeartbeat> live)
    {
        var names = live.Select(h => h.Node).ToHashSet(StringComparer.Ordinal);
        foreach (var node in _state.SilentNodes(names, _time.GetUtcNow() - _options.NodeExpiry))
        {
            if (_state.RemoveNode(node))
            {
                _applied.Remove(node);
                _metrics.NodesExpired.Inc();
                LogExpired(_logger, node);
            }
        }
    }

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e) => Interlocked.Exchange(ref _reconnected, 1);

    /// <summary>The view is stale from the moment the connection drops, not from the feed's next poll.</summary>
    private void OnConnectionFailed(object? sender, ConnectionFailedEventArgs e)
    {
        if (e.ConnectionType == ConnectionType.Interactive)
        {
            _metrics.RedisConnected.Set(0);
            _state.MarkStale($"redis: {e.FailureType}");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The connection to Redis was restored; reading the whole view again, as Redis may have restarted empty")]
    private static partial void LogReconnected(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lost Redis ({Reason}); hints go on from the last view, flagged stale, until it answers")]
    private static partial void LogLost(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Redis answers again after: {Reason}; the view was read afresh")]
    private static partial void LogRecovered(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Read {Nodes} nodes from Redis in {Seconds:F3} s")]
    private static partial void LogSynced(ILogger logger, int nodes, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ignored the heartbeat of node {Node}: {Reason}")]
    private static partial void LogBadHeartbeat(ILogger logger, string node, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Node {Node} left the view: no heartbeat within the expiry")]
    private static partial void LogExpired(ILogger logger, string node);
}
