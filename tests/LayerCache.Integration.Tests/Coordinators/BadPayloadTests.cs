using LayerCache.Cluster;
using LayerCache.Core.Model;
using LayerCache.Integration.Tests.Support;
using LayerCache.Testing.Redis;
using StackExchange.Redis;
using static LayerCache.Coordinator.Tests.Support.Layers;

namespace LayerCache.Integration.Tests.Coordinators;

/// <summary>
/// Entries that are not good payloads, written straight into a real Redis beside a node publishing through the agent's
/// own publisher: the coordinator counts each once, skips it, and goes on following the good ones.
/// </summary>
/// <remarks>Runs against one Redis server and against a Redis Cluster: the nested classes.</remarks>
public abstract class BadPayloadTests(IRedisFixture redis)
{
    public sealed class OnRedis(RedisFixture server) : BadPayloadTests(server), IClassFixture<RedisFixture>;

    public sealed class OnRedisCluster(RedisClusterFixture cluster)
        : BadPayloadTests(cluster), IClassFixture<RedisClusterFixture>;

    private static readonly ContainerImage Web = Image("docker.io/acme/web:1", Of("web-base", 40 * MB), Of("web-app", 5 * MB));
    private static readonly ContainerImage Worker = Image("docker.io/acme/worker:1", Of("web-base", 40 * MB), Of("worker-app", 12 * MB));

    private readonly string _prefix = "bad" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task BadDeltasAndNodeEntries_AreCountedAndSkipped_TheViewFollowsTheGoodOnes()
    {
        using var client = await redis.ConnectAsync();
        await using var node = new SyntheticNode(client, Store, "good-node", 100e6);
        await node.HoldAsync(Web);
        node.StartHeartbeats();
        await using var coordinator = await Replicas.StartAsync(TestSettings.Coordinator(redis.Configuration, _prefix));
        await WaitForViewAsync(coordinator, node, Web);
        var applied = await Scrape.MetricAsync(coordinator.Http, "layercache_inventory_deltas_applied_total") ?? 0;

        // A delta with a negative layer size claims the node's next sequence, so the good delta after it must still apply.
        var db = client.GetDatabase();
        var deltas = (RedisKey)$"{_prefix}:deltas";
        var negative = $"{{\"schema\":1,\"node\":\"good-node\",\"sequence\":{node.Sequence + 1},\"reset\":false,"
            + "\"imagesAdded\":[{\"reference\":\"docker.io/acme/evil:1\",\"layers\":[{\"digest\":\"sha256:" + new string('e', 64) + "\",\"sizeBytes\":-5}]}],"
            + "\"imagesRemoved\":[],\"blobsAdded\":[],\"blobsRemoved\":[]}";
        await db.StreamAddAsync(deltas, "json", negative);
        await db.StreamAddAsync(deltas, "json", "{\"schema\":1,\"node\":");
        await db.StreamAddAsync(deltas, "json", "{\"schema\":1,\"node\":\"good-node\",\"sequence\":99,\"reset\":false,\"imagesAdded\":null,\"imagesRemoved\":[],\"blobsAdded\":[],\"blobsRemoved\":[]}");
        await db.StreamAddAsync(
            deltas,
            "json",
            "{\"schema\":1,\"node\":\"good-node\",\"sequence\":98,\"reset\":false,\"imagesAdded\":[],\"imagesRemoved\":[],\"blobsAdded\":[],\"blobsRemoved\":[],\"unpackedBlobs\":[\"sha256:nothex\"]}");
        var nodes = (RedisKey)$"{_prefix}:nodes";
        await db.HashSetAsync(nodes, "junk-node", "{not json");
        var liar = "{\"schema\":1,\"node\":\"someone-else\",\"sequence\":1,\"capacityBytes\":1000,\"highWatermark\":0.9,\"lowWatermark\":0.8,"
            + $"\"bandwidthBytesPerSecond\":1e6,\"evictionPolicy\":\"Lru\",\"at\":\"{DateTimeOffset.UtcNow:O}\"}}";
        await db.HashSetAsync(nodes, "liar-node", liar);

        await node.HoldAsync(Web, Worker);
        await WaitForViewAsync(coordinator, node, Web, Worker);
        await using var late = new SyntheticNode(client, Store, "late-node", 100e6);
        await late.HoldAsync(Worker);
        await WaitForViewAsync(coordinator, late, Worker);

        Assert.Equal(4, await Scrape.MetricAsync(coordinator.Http, "layercache_bad_payloads_total{kind=\"delta\"}"));
        await Poll.UntilAsync(
            async () => await Scrape.MetricAsync(coordinator.Http, "layercache_bad_payloads_total{kind=\"node\"}") == 2,
            TimeSpan.FromSeconds(30),
            "the two bad node entries were not counted");
        Assert.True(await Scrape.MetricAsync(coordinator.Http, "layercache_inventory_deltas_applied_total") > applied);
        Assert.False(coordinator.State.TryGetNode("someone-else", out _));
        Assert.False(coordinator.State.TryGetNode("liar-node", out _));
        Assert.False(coordinator.State.TryGetNode("junk-node", out _));
        using (var read = coordinator.State.Read())
        {
            Assert.DoesNotContain(read.View.Nodes.SelectMany(n => n.Layers), l => l.Digest.Value.EndsWith(new string('e', 64), StringComparison.Ordinal));
        }

        // The node entries are read again at every refresh (the heartbeat of a node that joins after shows one), and each
        // bad one stays counted once.
        await using var later = new SyntheticNode(client, Store, "later-node", 100e6);
        await later.HoldAsync(Web);
        await Poll.UntilAsync(
            () => Task.FromResult(coordinator.State.TryGetNode(later.Name, out var status) && status.HeartbeatAt is not null),
            TimeSpan.FromSeconds(30),
            "the heartbeat of a node that joined after was not read");
        Assert.Equal(2, await Scrape.MetricAsync(coordinator.Http, "layercache_bad_payloads_total{kind=\"node\"}"));
    }

    private ClusterStoreOptions Store => new() { KeyPrefix = _prefix };

    private static Task WaitForViewAsync(Coordinator.Tests.Support.CoordinatorHost coordinator, SyntheticNode node, params ContainerImage[] images)
    {
        var expected = images.SelectMany(i => i.Layers).Select(l => l.Digest).ToHashSet();
        return Poll.UntilAsync(
            () =>
            {
                using var read = coordinator.State.Read();
                var cache = read.View.Nodes.FirstOrDefault(n => n.Name == node.Name);
                return Task.FromResult(cache is not null && cache.Layers.Select(l => l.Digest).ToHashSet().SetEquals(expected));
            },
            TimeSpan.FromSeconds(30),
            $"the view of {node.Name} did not become its snapshot (sequence {node.Sequence})");
    }
}
