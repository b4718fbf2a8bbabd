using System.Diagnostics;
using LayerCache.Cluster;
using LayerCache.Coordinator;
using LayerCache.Coordinator.View;
using LayerCache.Hosting.Health;
using LayerCache.Hosting.Metrics;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace LayerCache.LoadTest.Resync;

/// <summary>
/// The steps of the store feed's full sync, timed apart in this process: reading every snapshot from Redis (32 at a
/// time, as the feed does, which includes parsing its JSON) and applying them into a fresh <see cref="ClusterState"/>.
/// </summary>
public static class SyncBreakdown
{
    private const int ParallelReads = 32;

    public static async Task<(double ReadSeconds, double ApplySeconds)> MeasureAsync(IConnectionMultiplexer redis)
    {
        var reader = new InventoryReader(redis, new ClusterStoreOptions());
        var reading = Stopwatch.StartNew();
        var heartbeats = await reader.ReadNodesAsync(CancellationToken.None).ConfigureAwait(false);
        var snapshots = new NodeInventory?[heartbeats.Count];
        await Parallel.ForAsync(
            0,
            heartbeats.Count,
            new ParallelOptions { MaxDegreeOfParallelism = ParallelReads },
            async (i, token) => snapshots[i] = await reader.ReadSnapshotAsync(heartbeats[i].Node, token).ConfigureAwait(false)).ConfigureAwait(false);
        var read = reading.Elapsed.TotalSeconds;

        var options = Options.Create(new CoordinatorOptions());
        using var state = new ClusterState(options, TimeProvider.System, new CoordinatorMetrics(new MetricRegistry()), new Readiness());
        var applying = Stopwatch.StartNew();
        foreach (var h in heartbeats)
        {
            state.UpsertNode(h.Node, h.CapacityBytes, h.HighWatermark, h.LowWatermark, h.BandwidthBytesPerSecond, h.At);
        }

        foreach (var inventory in snapshots)
        {
            state.ApplyInventory(inventory!.Node, inventory.Snapshot);
        }

        return (read, applying.Elapsed.TotalSeconds);
    }
}
