using LayerCache.Benchmarks.Synthetic;
using LayerCache.Cluster;
using StackExchange.Redis;

namespace LayerCache.LoadTest.Cluster;

/// <summary>
/// Plays one agent per synthetic node: each publishes its snapshot with the agents' own
/// <see cref="InventoryPublisher"/> and writes heartbeats carrying the sequence it published.
/// </summary>
public sealed class ClusterPublisher(IConnectionMultiplexer redis, SyntheticCluster cluster)
{
    private const int Parallel = 32;
    private readonly ClusterStoreOptions _options = new();
    private readonly List<InventoryPublisher> _publishers = [];

    public async Task PublishAsync(CancellationToken cancellationToken)
    {
        _publishers.Clear();
        _publishers.AddRange(cluster.Nodes.Select(n => new InventoryPublisher(redis, _options, n.Name)));
        await System.Threading.Tasks.Parallel.ForAsync(
            0,
            cluster.Nodes.Count,
            new ParallelOptions { MaxDegreeOfParallelism = Parallel, CancellationToken = cancellationToken },
            async (i, token) => await _publishers[i].PublishAsync(cluster.Nodes[i].Snapshot, token).ConfigureAwait(false)).ConfigureAwait(false);
        await HeartbeatAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every node's heartbeat, stamped now (the coordinator drops nodes whose heartbeat is older than its expiry).</summary>
    public async Task HeartbeatAsync(CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow;
        await System.Threading.Tasks.Parallel.ForAsync(
            0,
            cluster.Nodes.Count,
            new ParallelOptions { MaxDegreeOfParallelism = Parallel, CancellationToken = cancellationToken },
            async (i, token) =>
            {
                var node = cluster.Nodes[i];
                var heartbeat = new NodeHeartbeat(node.Name, _publishers[i].Sequence, node.CapacityBytes, 0.9, 0.8, node.BandwidthBytesPerSecond, "LRU", now);
                await _publishers[i].HeartbeatAsync(heartbeat, token).ConfigureAwait(false);
            }).ConfigureAwait(false);
    }

    /// <summary>Heartbeats every few seconds until cancelled, as running agents do.</summary>
    public async Task KeepAliveAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await Task.Delay(interval, cancellationToken).ConfigureAwait(false);
                await HeartbeatAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped with the load.
        }
    }
}
