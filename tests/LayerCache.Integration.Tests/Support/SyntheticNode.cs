using LayerCache.Cluster;
using LayerCache.Core.Inventory;
using LayerCache.Core.Model;
using StackExchange.Redis;

namespace LayerCache.Integration.Tests.Support;

/// <summary>
/// A node that reports to Redis through the same <see cref="InventoryPublisher"/> the agent uses, without a containerd:
/// it holds whatever images a test says, and heartbeats every 200 ms until disposed or <see cref="StopHeartbeatsAsync"/>.
/// </summary>
public sealed class SyntheticNode : IAsyncDisposable
{
    public const long CapacityBytes = 20_000_000_000;

    private readonly InventoryPublisher _publisher;
    private readonly CancellationTokenSource _stop = new();
    private Task _heartbeats = Task.CompletedTask;

    public SyntheticNode(IConnectionMultiplexer redis, ClusterStoreOptions store, string name, double bandwidthBytesPerSecond)
    {
        _publisher = new InventoryPublisher(redis, store, name);
        Name = name;
        BandwidthBytesPerSecond = bandwidthBytesPerSecond;
    }

    public string Name { get; }

    public double BandwidthBytesPerSecond { get; }

    public long Sequence => _publisher.Sequence;

    public InventorySnapshot Snapshot { get; private set; } = new([], [], []);

    /// <summary>Publishes the node holding exactly <paramref name="images"/> (a snapshot first, then diffs) and heartbeats once.</summary>
    public Task HoldAsync(params ContainerImage[] images) => HoldAsync(images, []);

    /// <summary>
    /// Publishes the node holding exactly <paramref name="images"/> (unpacked, as containerd reports images) and
    /// <paramref name="blobs"/> (content only, as prefetched blobs that no image references), and heartbeats once.
    /// </summary>
    public async Task HoldAsync(IReadOnlyList<ContainerImage> images, IReadOnlyList<Layer> blobs)
    {
        Snapshot = new InventorySnapshot(images, [], blobs);
        await _publisher.PublishAsync(Snapshot, CancellationToken.None);
        await HeartbeatAsync();
    }

    public Task HeartbeatAsync() => _publisher.HeartbeatAsync(
        new NodeHeartbeat(Name, _publisher.Sequence, CapacityBytes, 0.9, 0.8, BandwidthBytesPerSecond, "Lru", DateTimeOffset.UtcNow), CancellationToken.None);

    public void StartHeartbeats() => _heartbeats = Task.Run(async () =>
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(200));
        while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
        {
            try
            {
                await HeartbeatAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (RedisConnection.IsFailure(e))
            {
                // Redis away for a moment: the next beat tries again, as an agent would.
            }
        }
    });

    public async Task StopHeartbeatsAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _heartbeats;
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopHeartbeatsAsync();
        _stop.Dispose();
    }
}
