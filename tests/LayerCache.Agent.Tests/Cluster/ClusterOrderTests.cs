using LayerCache.Agent.Tests.Support;
using LayerCache.Cluster;
using static LayerCache.Agent.Tests.Cluster.OrderRuns;

namespace LayerCache.Agent.Tests.Cluster;

/// <summary>Orders appended to a node's stream in a real Redis, carried out by the agent on a real containerd and registry.</summary>
/// <remarks>Runs against one Redis server and against a Redis Cluster: the nested classes.</remarks>
public abstract class ClusterOrderTests(LinkedNodeEnvironment environment)
{
    public sealed class OnRedis(ClusterNodeEnvironment node) : ClusterOrderTests(node), IClassFixture<ClusterNodeEnvironment>;

    public sealed class OnRedisCluster(RedisClusterNodeEnvironment node) : ClusterOrderTests(node), IClassFixture<RedisClusterNodeEnvironment>;

    private readonly ClusterStoreOptions _store = new();

    [Fact]
    public async Task PrefetchLayers_FetchesOnlyTheOrderedLayers_AndTheSameOrderAgainIsAcknowledgedWithoutFetching()
    {
        const string node = "orders-prefetch";
        var (reference, image) = await environment.PushAsync("cluster-orders/prefetch:v1", environment.Layers(300_000, 200_000));
        var (wanted, other) = (image.Layers[0], image.Layers[1]);
        using var redis = await environment.ConnectAsync();
        var queue = new OrderQueue(redis, _store);
        using var client = environment.Client();
        await using var agent = await AgentHost.StartAsync(environment, environment.AgentSettings(node));

        var order = LayersOrder("prefetch-1", node, reference, [wanted]);
        var outcome = await RunAsync(queue, order);

        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.Null(outcome.Error);
        Assert.Equal(wanted.SizeBytes, outcome.Bytes);
        Assert.Equal(node, outcome.Node);
        Assert.Equal(wanted.SizeBytes, (await client.ContentInfoAsync(wanted.Digest, CancellationToken.None))?.SizeBytes);
        Assert.Null(await client.ContentInfoAsync(other.Digest, CancellationToken.None));
        Assert.Equal(1, environment.Registry.BlobGets(wanted.Digest));
        Assert.Equal(0, environment.Registry.BlobGets(other.Digest));
        await agent.WaitForNodeAsync(n => n.Cache.Contains(wanted.Digest), TimeSpan.FromSeconds(30), "the prefetched layer did not enter the inventory");

        await queue.AppendAsync(order, CancellationToken.None);
        await Eventually.HoldsAsync(
            async () => await queue.PendingCountAsync(node, CancellationToken.None) == 0 && Counter(agent, "layercache_orders_received_total", "prefetch_layers") == 2,
            OrderTimeout,
            "the repeated order was not acknowledged");

        Assert.Equal(1, environment.Registry.BlobGets(wanted.Digest));
        Assert.Single(await OutcomesAsync(queue, order.Id));
        Assert.Equal(1, Counter(agent, "layercache_orders_completed_total", "prefetch_layers"));
    }

    [Fact]
    public async Task PrefetchImage_PullsAndUnpacksThroughCri_AndReportsTheBytesItBrought()
    {
        const string node = "orders-image";
        var (reference, image) = await environment.PushAsync("cluster-orders/image:v1", environment.Layers(120_000, 60_000));
        using var redis = await environment.ConnectAsync();
        var queue = new OrderQueue(redis, _store);
        using var client = environment.Client();
        await using var agent = await AgentHost.StartAsync(environment, environment.AgentSettings(node));

        var outcome = await RunAsync(queue, ImageOrder("image-1", node, reference));

        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.Equal(image.Layers.Sum(l => l.SizeBytes), outcome.Bytes);
        Assert.NotNull(await client.ImageStatusAsync(reference, CancellationToken.None));
        await agent.WaitForNodeAsync(
            n => n.Cache.Images.Any(i => i.Image.ManifestDigest == image.ManifestDigest), TimeSpan.FromSeconds(30), "the pulled image did not enter the inventory");
        Assert.Equal(1, Counter(agent, "layercache_orders_completed_total", "prefetch_image"));
        await client.RemoveImageAsync(reference, CancellationToken.None);
    }

    [Fact]
    public async Task UnpackImage_UnpacksWithoutAnImage_AndTheClusterSeesTheLayersUnpacked()
    {
        const string node = "orders-unpack";
        var (reference, image) = await environment.PushAsync("cluster-orders/unpack:v1", environment.Layers(110_000, 70_000));
        using var redis = await environment.ConnectAsync();
        var queue = new OrderQueue(redis, _store);
        using var client = environment.Client();
        var settings = environment.AgentSettings(node);
        settings["Agent:Snapshotter"] = environment.Containerd.Snapshotter;
        await using var agent = await AgentHost.StartAsync(environment, settings);

        var outcome = await RunAsync(queue, new UnpackImageOrder("unpack-1", node, reference, DateTimeOffset.UtcNow), TimeSpan.FromSeconds(60));

        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.Equal(OrderKind.UnpackImage, outcome.Kind);
        Assert.Equal(image.Layers.Sum(l => l.SizeBytes), outcome.Bytes);
        Assert.Null(await client.ImageStatusAsync(reference, CancellationToken.None));
        var reader = new InventoryReader(redis, _store);
        await Eventually.HoldsAsync(
            async () => (await reader.ReadSnapshotAsync(node, CancellationToken.None))?.Snapshot.UnpackedBlobs.SetEquals(image.Layers.Select(l => l.Digest)) == true,
            TimeSpan.FromSeconds(60),
            "the node's inventory in Redis never showed the layers unpacked");
        Assert.Equal(1, Counter(agent, "layercache_orders_completed_total", "unpack_image"));
    }

    [Fact]
    public async Task FailingOrder_IsCompletedAsFailedWithItsReason_NotRetried()
    {
        const string node = "orders-failing";
        var (reference, _) = await environment.PushAsync("cluster-orders/failing:v1", environment.Layers(10_000));
        var missing = environment.Layers(20_000)[0];
        using var redis = await environment.ConnectAsync();
        var queue = new OrderQueue(redis, _store);
        await using var agent = await AgentHost.StartAsync(environment, environment.AgentSettings(node));

        var order = LayersOrder("failing-1", node, reference, [missing.ToLayer()]);
        var outcome = await RunAsync(queue, order);

        Assert.False(outcome.Succeeded);
        Assert.False(string.IsNullOrWhiteSpace(outcome.Error));
        Assert.Equal(0, outcome.Bytes);
        await Eventually.HoldsAsync(
            async () => await queue.PendingCountAsync(node, CancellationToken.None) == 0, TimeSpan.FromSeconds(30), "the failed order stayed pending");
        Assert.Equal(1, Counter(agent, "layercache_orders_received_total", "prefetch_layers"));
        Assert.Equal(1, Counter(agent, "layercache_orders_failed_total", "prefetch_layers"));
    }

    [Fact]
    public async Task Evict_RemovesAnImageItPrefetched_RefusesOneInUseAndOnePodsPulled()
    {
        const string node = "orders-evict";
        var (idle, idleImage) = await environment.PushAsync("cluster-orders/idle:v1", environment.Layers(100_000));
        var (busy, busyImage) = await environment.PushAsync("cluster-orders/busy:v1", environment.Layers(100_000));
        var (pulled, pulledImage) = await environment.PushAsync("cluster-orders/pulled:v1", environment.Layers(90_000));
        using var client = environment.Client();
        await client.PullImageAsync(busy);
        await client.PullImageAsync(pulled);
        await client.CreateContainerAsync("orders-evict-c1", busy, CancellationToken.None);
        using var redis = await environment.ConnectAsync();
        var queue = new OrderQueue(redis, _store);
        await using var agent = await AgentHost.StartAsync(environment, environment.AgentSettings(node));
        await agent.WaitForNodeAsync(
            n => n.Cache.Images.Any(i => i.Image.ManifestDigest == busyImage.ManifestDigest && i.InUse), TimeSpan.FromSeconds(30), "the container did not pin its image");

        try
        {
            // The idle image comes by an order, as the planner's prefetch brings it; the pulled one as a pod's pull would.
            Assert.True((await RunAsync(queue, ImageOrder("prefetch-idle", node, idle))).Succeeded);
            await agent.WaitForNodeAsync(n => n.Cache.Images.Any(i => i.Image.ManifestDigest == idleImage.ManifestDigest), TimeSpan.FromSeconds(30), "the prefetched image did not appear");
            var evicted = await RunAsync(queue, EvictionOrder("evict-idle", node, idle));
            Assert.True(evicted.Succeeded, evicted.Error);
            Assert.Equal(idleImage.Layers.Sum(l => l.SizeBytes), evicted.Bytes);
            var left = (await client.ListImagesAsync(CancellationToken.None)).Select(i => i.Target.Digest).ToHashSet();
            Assert.DoesNotContain(idleImage.ManifestDigest, left);

            var inUse = await RunAsync(queue, EvictionOrder("evict-busy", node, busy));
            Assert.False(inUse.Succeeded);
            Assert.Contains("used by a container", inUse.Error, StringComparison.Ordinal);
            Assert.Equal(0, inUse.Bytes);

            var notOurs = await RunAsync(queue, EvictionOrder("evict-pulled", node, pulled));
            Assert.False(notOurs.Succeeded);
            Assert.Contains("was not prefetched by this agent", notOurs.Error, StringComparison.Ordinal);
            Assert.Equal(0, notOurs.Bytes);

            left = (await client.ListImagesAsync(CancellationToken.None)).Select(i => i.Target.Digest).ToHashSet();
            Assert.Contains(busyImage.ManifestDigest, left);
            Assert.Contains(pulledImage.ManifestDigest, left);
            Assert.Equal(2, Counter(agent, "layercache_orders_failed_total", "evict"));
        }
        finally
        {
            await client.DeleteContainerAsync("orders-evict-c1", CancellationToken.None);
            await client.RemoveImageAsync(busy, CancellationToken.None);
            await client.RemoveImageAsync(pulled, CancellationToken.None);
        }
    }

    private static double Counter(AgentHost agent, string name, string kind) => ClusterAssert.Metric(agent, $"{name}{{kind=\"{kind}\"}}");
}
