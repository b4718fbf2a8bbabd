using LayerCache.Agent.Tests.Support;
using LayerCache.Cluster;

namespace LayerCache.Agent.Tests.Cluster;

/// <summary>What an agent linked to a real Redis reports about a real containerd: inventory, heartbeat and container starts.</summary>
/// <remarks>Runs against one Redis server and against a Redis Cluster: the nested classes.</remarks>
public abstract class ClusterInventoryTests(LinkedNodeEnvironment environment)
{
    public sealed class OnRedis(ClusterNodeEnvironment node) : ClusterInventoryTests(node), IClassFixture<ClusterNodeEnvironment>;

    public sealed class OnRedisCluster(RedisClusterNodeEnvironment node) : ClusterInventoryTests(node), IClassFixture<RedisClusterNodeEnvironment>;

    private readonly ClusterStoreOptions _store = new();

    [Fact]
    public async Task Snapshot_EqualsContainerd_ThenAPullArrivesAsTheNextDelta()
    {
        const string node = "inventory-node";
        var (first, firstImage) = await environment.PushAsync("cluster-inventory/one:v1", environment.Layers(150_000, 50_000));
        var (second, secondImage) = await environment.PushAsync("cluster-inventory/two:v1", environment.Layers(120_000));
        using var client = environment.Client();
        await client.PullImageAsync(first);
        using var redis = await environment.ConnectAsync();
        var reader = new InventoryReader(redis, _store);

        await using var agent = await AgentHost.StartAsync(environment, environment.AgentSettings(node));
        var published = await Eventually.GetAsync(
            async () => await reader.ReadSnapshotAsync(node, CancellationToken.None) is { } s && ClusterAssert.Holds(s.Snapshot, firstImage.ManifestDigest) ? s : null,
            TimeSpan.FromSeconds(30),
            "the first snapshot was not published");
        await ClusterAssert.MatchesContainerdAsync(published.Snapshot, client);
        var heartbeat = await Eventually.GetAsync(
            async () => (await reader.ReadNodesAsync(CancellationToken.None)).FirstOrDefault(n => n.Node == node), TimeSpan.FromSeconds(30), "no heartbeat");
        var (capacity, policy) = await agent.ReadAsync(n => (n.Cache.CapacityBytes, n.Policy.Name));
        Assert.Equal(capacity, heartbeat.CapacityBytes);
        Assert.Equal(policy, heartbeat.EvictionPolicy);
        var defaults = new AgentOptions();
        Assert.Equal(defaults.HighWatermarkPercent / 100, heartbeat.HighWatermark, 6);
        Assert.Equal(defaults.LowWatermarkPercent / 100, heartbeat.LowWatermark, 6);
        Assert.Equal(agent.Node.Bandwidth.BytesPerSecond, heartbeat.BandwidthBytesPerSecond);
        Assert.True(heartbeat.Sequence >= 1, $"heartbeat sequence {heartbeat.Sequence}");

        var since = await reader.LatestDeltaIdAsync(CancellationToken.None);
        await client.PullImageAsync(second);
        var now = await Eventually.GetAsync(
            async () => await reader.ReadSnapshotAsync(node, CancellationToken.None) is { } s && ClusterAssert.Holds(s.Snapshot, secondImage.ManifestDigest) ? s : null,
            TimeSpan.FromSeconds(30),
            "the pulled image did not reach Redis");

        var deltas = (await reader.ReadDeltasAsync(since, 1000, CancellationToken.None)).Deltas.Where(d => d.Node == node).ToList();
        Assert.NotEmpty(deltas);
        Assert.Equal(published.Sequence + 1, deltas[0].Sequence);
        Assert.All(deltas, d => Assert.False(d.Reset));
        Assert.Equal(Enumerable.Range(0, deltas.Count).Select(i => published.Sequence + 1 + i), deltas.Select(d => d.Sequence));
        Assert.Contains(deltas.SelectMany(d => d.ImagesAdded), i => i.ManifestDigest == secondImage.ManifestDigest);
        Assert.True(now.Sequence >= deltas[0].Sequence);

        // Later reads of containerd may still rename the image (tag, digest reference, id); the snapshot settles on containerd's view.
        await agent.Inventory.ResyncAsync("test", CancellationToken.None);
        await Eventually.HoldsAsync(
            async () =>
            {
                var settled = await reader.ReadSnapshotAsync(node, CancellationToken.None);
                return settled is not null && settled.Sequence == agent.Link.PublishedSequence;
            },
            TimeSpan.FromSeconds(30),
            "the agent's last publish is not what Redis holds");
        await ClusterAssert.MatchesContainerdAsync((await reader.ReadSnapshotAsync(node, CancellationToken.None))!.Snapshot, client);
        await client.RemoveImageAsync(first, CancellationToken.None);
        await client.RemoveImageAsync(second, CancellationToken.None);
    }

    [Fact]
    public async Task ContainerStart_IsRecordedAsPopularityOfItsImage()
    {
        const string node = "popularity-node";
        var (reference, image) = await environment.PushAsync("cluster-popularity/app:v1", environment.Layers(80_000));
        using var client = environment.Client();
        await client.PullImageAsync(reference);
        using var redis = await environment.ConnectAsync();
        var popularity = new PopularityStore(redis, _store, TimeSpan.FromHours(1), TimeProvider.System);
        await using var agent = await AgentHost.StartAsync(environment, environment.AgentSettings(node));
        var before = (await popularity.LoadAsync(100, CancellationToken.None)).LayerScore(image.Layers[0].Digest);

        await client.CreateContainerAsync("popularity-c1", reference, CancellationToken.None);
        try
        {
            await Eventually.HoldsAsync(
                async () => (await popularity.LoadAsync(100, CancellationToken.None)).LayerScore(image.Layers[0].Digest) > before + 0.5,
                TimeSpan.FromSeconds(30),
                "the container start was not counted in Redis");
            var tracker = await popularity.LoadAsync(100, CancellationToken.None);
            var name = await agent.ReadAsync(n => n.Cache.Images.Single(i => i.Image.ManifestDigest == image.ManifestDigest).Reference);
            Assert.True(tracker.ImageScore(name) > 0.5, $"score of {name}: {tracker.ImageScore(name)}");
        }
        finally
        {
            await client.DeleteContainerAsync("popularity-c1", CancellationToken.None);
            await client.RemoveImageAsync(reference, CancellationToken.None);
        }
    }
}
