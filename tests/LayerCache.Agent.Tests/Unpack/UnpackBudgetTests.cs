using LayerCache.Agent.Eviction;
using LayerCache.Agent.Inventory;
using LayerCache.Agent.Leases;
using LayerCache.Agent.Node;
using LayerCache.Agent.Tests.Support;
using LayerCache.Agent.Unpack;
using LayerCache.Core.Inventory;
using LayerCache.Hosting.Metrics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LayerCache.Agent.Tests.Unpack;

/// <summary>The cache budget covers snapshots unpacked ahead beside the blobs, on a real containerd.</summary>
public sealed class UnpackBudgetTests(UnpackEnvironment environment) : IClassFixture<UnpackEnvironment>
{
    [Fact]
    public async Task OverBudget_SnapshotsUnpackedAheadGoFirst_AndTheBlobsStay()
    {
        var (reference, image) = await environment.PushRunnableAsync("unpack-budget/app:v1", 600_000, 600_000);
        await using (var agent = await AgentHost.StartAsync(environment, UnpackEnvironment.Settings))
        {
            await agent.Get<ImageUnpacker>().UnpackAsync(reference, CancellationToken.None);
        }

        using var client = environment.Client();
        var settings = new AgentOptions
        {
            NodeName = "test-node",
            ContainerdSocket = environment.Containerd.SocketPath,
            Namespace = environment.Containerd.Namespace,
            Snapshotter = UnpackEnvironment.Snapshotter,
            HighWatermarkPercent = 80,
            LowWatermarkPercent = 60,
        };
        var lease = new AgentLease(client, Options.Create(settings), TimeProvider.System, NullLogger<AgentLease>.Instance);
        var chains = new UnpackedChains(client, lease, Options.Create(settings), NullLogger<UnpackedChains>.Instance);
        var inventory = await new ContainerdInventoryReader(client, lease, chains, NullLogger.Instance).ReadAsync(CancellationToken.None);
        var blobBytes = inventory.Snapshot.LeasedBlobs.Sum(b => b.SizeBytes);
        var snapshotBytes = inventory.UnpackedAhead.Sum(c => c.Bytes);
        Assert.Equal(image.Layers.Sum(l => l.SizeBytes), blobBytes);
        Assert.Equal(image.Layers.Count, inventory.UnpackedAhead.Count);
        Assert.True(snapshotBytes > blobBytes / 2, $"{snapshotBytes} snapshot bytes for {blobBytes} blob bytes of incompressible data");
        Assert.Equal(image.Layers.Select(l => l.Digest.Value).Order(StringComparer.Ordinal), inventory.Snapshot.UnpackedBlobs.Select(d => d.Value).Order(StringComparer.Ordinal));

        // Held at 90% of the budget: above the high watermark (80%) with the snapshots, below it without them.
        settings.CacheBudgetBytes = (long)((blobBytes + snapshotBytes) / 0.9);
        var state = new NodeState(Options.Create(settings), TimeProvider.System);
        InventoryReconciler.Apply(state.Cache, inventory.Snapshot);
        state.UnpackedAhead = inventory.UnpackedAhead;
        var registry = new MetricRegistry();
        var evictor = new NodeEvictor(
            client, lease, chains, state, new AgentMetrics(registry), Options.Create(settings), TimeProvider.System, NullLogger<NodeEvictor>.Instance);

        var removed = await evictor.EnforceAsync(CancellationToken.None);

        var metrics = registry.Render();
        Assert.True(removed > 0);
        Assert.Contains($"layercache_evictions_total{{reason=\"unpacked_chain\"}} {removed}\n", metrics, StringComparison.Ordinal);
        Assert.Contains("layercache_evictions_total{reason=\"prefetched_blob\"} 0\n", metrics, StringComparison.Ordinal);
        Assert.True(state.UsedBytes <= state.Cache.HighWatermarkBytes, $"{state.UsedBytes} bytes held after eviction, high watermark {state.Cache.HighWatermarkBytes}");
        foreach (var layer in image.Layers)
        {
            Assert.NotNull(await client.ContentInfoAsync(layer.Digest, CancellationToken.None));
        }

        var after = await new ContainerdInventoryReader(client, lease, chains, NullLogger.Instance).ReadAsync(CancellationToken.None);
        Assert.Equal(inventory.UnpackedAhead.Count - removed, after.UnpackedAhead.Count);
        Assert.Equal(snapshotBytes - after.UnpackedAhead.Sum(c => c.Bytes), ParseCounter(metrics, "layercache_evicted_bytes_total"));
    }

    private static long ParseCounter(string metrics, string name) =>
        long.Parse(metrics.Split('\n').Single(l => l.StartsWith(name + " ", StringComparison.Ordinal))[(name.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture);
}
