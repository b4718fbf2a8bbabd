using System.Diagnostics;
using System.Threading.Channels;
using LayerCache.Agent.Eviction;
using LayerCache.Agent.Leases;
using LayerCache.Agent.Node;
using LayerCache.Agent.Unpack;
using LayerCache.Containerd;
using LayerCache.Core.Inventory;
using LayerCache.Core.Model;
using LayerCache.Core.Retries;
using LayerCache.Hosting;
using LayerCache.Hosting.Health;
using Microsoft.Extensions.Options;

namespace LayerCache.Agent.Inventory;

/// <summary>
/// Keeps <see cref="NodeState"/> equal to containerd: a full read at start, another after every image, container,
/// content or snapshot event, and one every <see cref="AgentOptions.ResyncInterval"/> (garbage collection deletes
/// content without an event). After each read the agent's lease lets go of the prefetched blobs an image now
/// references (the image keeps them, and the kubelet's image GC may reclaim them with it), and the evictor enforces
/// the watermarks. When containerd goes away the node reports not ready and the loop reconnects with backoff; the
/// process keeps running.
/// </summary>
public sealed partial class InventorySync : BackgroundLoop
{
    public const string Dependency = "containerd";

    private static readonly string[] EventTopics = ["/images/", "/containers/", "/content/delete", "/snapshot/"];

    /// <summary>Past the moment an image ages out, so that the next enforcement finds it old enough.</summary>
    private static readonly TimeSpan HeldBackMargin = TimeSpan.FromMilliseconds(100);

    private readonly ContainerdClient _client;
    private readonly AgentLease _lease;
    private readonly NodeState _node;
    private readonly NodeEvictor _evictor;
    private readonly AgentMetrics _metrics;
    private readonly Readiness _readiness;
    private readonly IOptions<AgentOptions> _options;
    private readonly ILogger<InventorySync> _logger;
    /// <summary>Between reconnects to containerd: 100 ms doubling to 5 s, each drawn between half and all of it.</summary>
    private static readonly RetryBackoff Reconnect = new(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5));

    private readonly ContainerdInventoryReader _reader;
    private readonly UnpackedChains _chains;
    private readonly Channel<string> _wake = Channel.CreateBounded<string>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public InventorySync(
        ContainerdClient client,
        AgentLease lease,
        NodeState node,
        NodeEvictor evictor,
        UnpackedChains chains,
        AgentMetrics metrics,
        Readiness readiness,
        IOptions<AgentOptions> options,
        IHostApplicationLifetime lifetime,
        ILogger<InventorySync> logger)
        : base(lifetime, logger)
    {
        _client = client;
        _lease = lease;
        _node = node;
        _evictor = evictor;
        _metrics = metrics;
        _readiness = readiness;
        _options = options;
        _logger = logger;
        _chains = chains;
        _reader = new ContainerdInventoryReader(client, lease, chains, logger);

        // Not ready until the first read of containerd is applied: before it the cache is empty, not true.
        _readiness.NotReady(Dependency, "not yet synchronised with containerd");
    }

    protected override string Name => "inventory";

    /// <summary>Raised after a read changed the cache, with the snapshot now applied (the cluster link reports it).</summary>
    public event Action<InventorySnapshot>? SnapshotChanged;

    /// <summary>Raised for each new container, with its image: a container start is a use of the image.</summary>
    public event Action<ContainerImage>? ImageUsed;

    /// <summary>The last snapshot applied to the cache; null until the first read of containerd.</summary>
    public InventorySnapshot? LastSnapshot { get; private set; }

    /// <summary>Asks for a full read soon (after a prefetch or an eviction changed containerd).</summary>
    public void RequestResync(string reason) => _wake.Writer.TryWrite(reason);

    protected override async Task RunAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            // The event stream is opened before the first read: a container or image made while that read runs is an
            // event that asks for another read, where it had waited for the next interval.
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            var events = WatchEventsAsync(stop.Token);
            try
            {
                await ResyncAsync("start", stoppingToken).ConfigureAwait(false);
                _readiness.Ready(Dependency);
                _metrics.Connected.Set(1);
                failures = 0;
                await FollowAsync(events, stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested && ContainerdFailures.IsConnectionLoss(e))
            {
                _readiness.NotReady(Dependency, e.Message);
                _metrics.Connected.Set(0);
                _metrics.ContainerdErrors.Inc(1, "connection");
                var backoff = Reconnect.Delay(++failures);
                LogDisconnected(_logger, _options.Value.ContainerdSocket, backoff.TotalMilliseconds, e.Message);
                await Task.Delay(backoff, stoppingToken).ConfigureAwait(false);
            }
            finally
            {
                await stop.CancelAsync().ConfigureAwait(false);
                await events.ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Reads containerd and applies it to the cache, then enforces the watermarks.</summary>
    public async Task<InventoryChanges> ResyncAsync(string reason, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var inventory = await _reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        InventoryChanges changes;
        var used = new List<ContainerImage>();
        await _node.Lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            changes = InventoryReconciler.Apply(_node.Cache, inventory.Snapshot, image =>
            {
                _node.Popularity.Record(image);
                used.Add(image);
            });
            _node.Names = inventory.Names;
            _node.UnpackedAhead = inventory.UnpackedAhead;
            PublishGauges();
        }
        finally
        {
            _node.Lock.Release();
        }

        await LetImagesHoldAsync(inventory.LeasedBlobsInImages, cancellationToken).ConfigureAwait(false);
        await LetImagesHoldChainsAsync(inventory.ChainsInImages, cancellationToken).ConfigureAwait(false);
        _metrics.Resyncs.Inc();
        _metrics.ResyncSeconds.Observe(Stopwatch.GetElapsedTime(started).TotalSeconds);
        var previous = LastSnapshot;
        LastSnapshot = inventory.Snapshot;
        if (previous is null || !changes.IsEmpty || !previous.UnpackedBlobs.SetEquals(inventory.Snapshot.UnpackedBlobs))
        {
            SnapshotChanged?.Invoke(inventory.Snapshot);
        }

        foreach (var image in used)
        {
            ImageUsed?.Invoke(image);
        }

        if (!changes.IsEmpty)
        {
            LogSynced(_logger, reason, changes.ImagesAdded, changes.ImagesRemoved, changes.BlobsAdded, changes.BlobsRemoved);
        }

        if (await _evictor.EnforceAsync(cancellationToken).ConfigureAwait(false) > 0)
        {
            RequestResync("eviction");
        }

        return changes;
    }

    /// <summary>Drops the lease's hold on snapshots unpacked ahead that an image's chain now includes; a failure is tried again at the next read.</summary>
    private async Task LetImagesHoldChainsAsync(IReadOnlyList<string> chains, CancellationToken cancellationToken)
    {
        if (chains.Count == 0)
        {
            return;
        }

        try
        {
            LogChainsUsedByImages(_logger, await _chains.LetImagesHoldAsync(chains, cancellationToken).ConfigureAwait(false));
        }
        catch (Grpc.Core.RpcException e)
        {
            _metrics.ContainerdErrors.Inc(1, "lease");
            LogChainReleaseFailed(_logger, chains.Count, e.Status.Detail);
        }
    }

    /// <summary>
    /// Drops the lease's hold on prefetched blobs that images now reference. Should containerd refuse, the next read
    /// finds them again; they are already counted as the images' layers.
    /// </summary>
    private async Task LetImagesHoldAsync(IReadOnlyList<Digest> blobs, CancellationToken cancellationToken)
    {
        if (blobs.Count == 0)
        {
            return;
        }

        try
        {
            var released = await _lease.ReleaseAsync(blobs, cancellationToken).ConfigureAwait(false);
            _metrics.PrefetchedBlobsUsed.Inc(released);
            LogUsedByImages(_logger, released);
        }
        catch (Grpc.Core.RpcException e) when (!ContainerdFailures.IsConnectionLoss(e))
        {
            _metrics.ContainerdErrors.Inc(1, "lease");
            LogReleaseFailed(_logger, blobs.Count, e.Status.Detail);
        }
    }

    /// <summary>Reads containerd again on each event, request and interval, until <paramref name="events"/> ends.</summary>
    private async Task FollowAsync(Task events, CancellationToken stoppingToken)
    {
        while (true)
        {
            using var tick = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            var woken = _wake.Reader.WaitToReadAsync(tick.Token).AsTask();
            var timer = Task.Delay(NextResyncDelay(), tick.Token);
            var first = await Task.WhenAny(woken, timer, events).ConfigureAwait(false);
            await tick.CancelAsync().ConfigureAwait(false);
            if (first == events)
            {
                await events.ConfigureAwait(false); // surfaces the stream's failure
                throw new IOException("containerd closed the event stream");
            }

            var reason = _wake.Reader.TryRead(out var why) ? why : "interval";
            await ResyncAsync(reason, stoppingToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The resync interval, or sooner when eviction was held back by an image under the minimum age: the watermarks
    /// are enforced again as soon as it may go, not a whole interval later.
    /// </summary>
    private TimeSpan NextResyncDelay()
    {
        var interval = _options.Value.ResyncInterval;
        return _evictor.HeldBackFor() is { } held && held + HeldBackMargin < interval ? held + HeldBackMargin : interval;
    }

    private async Task WatchEventsAsync(CancellationToken cancellationToken)
    {
        await foreach (var e in _client.SubscribeEventsAsync([], cancellationToken).ConfigureAwait(false))
        {
            if (e.Namespace == _client.Namespace && EventTopics.Any(t => e.Topic.StartsWith(t, StringComparison.Ordinal)))
            {
                _metrics.Events.Inc(1, AgentMetrics.TopicLabel(e.Topic));
                RequestResync(e.Topic);
            }
        }
    }

    private void PublishGauges()
    {
        var cache = _node.Cache;
        _metrics.UnpackedAheadBytes.Set(_node.UnpackedAhead.Sum(c => c.Bytes));
        foreach (var state in Enum.GetValues<LayerState>().Where(s => s != LayerState.Absent))
        {
            _metrics.Layers.Set(cache.Layers.Count(l => l.State == state), state.ToString().ToLowerInvariant());
        }

        _metrics.LayerBytes.Set(cache.UsedBytes);
        _metrics.Images.Set(cache.Images.Count);
        _metrics.BudgetBytes.Set(cache.CapacityBytes);
        _metrics.HighWatermarkBytes.Set(cache.HighWatermarkBytes);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "containerd is unreachable at {Socket} (is it running, and is Agent:ContainerdSocket its socket?); retrying in {DelayMs} ms: {Reason}")]
    private static partial void LogDisconnected(ILogger logger, string socket, double delayMs, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Chains} snapshots unpacked ahead are now part of images; the agent's lease let go of them")]
    private static partial void LogChainsUsedByImages(ILogger logger, int chains);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not let go of {Chains} snapshots unpacked ahead that images now hold (tried again at the next read): {Reason}")]
    private static partial void LogChainReleaseFailed(ILogger logger, int chains, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Blobs} prefetched blobs are now part of images; the agent's lease let go of them")]
    private static partial void LogUsedByImages(ILogger logger, int blobs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not let go of {Blobs} prefetched blobs that images now reference (tried again at the next read): {Reason}")]
    private static partial void LogReleaseFailed(ILogger logger, int blobs, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Inventory after {Reason}: +{Added}/-{Removed} images, +{BlobsAdded}/-{BlobsRemoved} prefetched blobs")]
    private static partial void LogSynced(ILogger logger, string reason, int added, int removed, int blobsAdded, int blobsRemoved);
}
