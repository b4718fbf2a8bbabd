using LayerCache.Agent.Tests.Support;
using LayerCache.Cluster;
using StackExchange.Redis;
using static LayerCache.Agent.Tests.Cluster.OrderRuns;

namespace LayerCache.Agent.Tests.Cluster;

/// <summary>Entries in a node's order stream that are not good orders, written straight into a real Redis: none is run.</summary>
/// <remarks>Runs against one Redis server and against a Redis Cluster: the nested classes.</remarks>
public abstract class BadOrderTests(LinkedNodeEnvironment environment)
{
    public sealed class OnRedis(ClusterNodeEnvironment node) : BadOrderTests(node), IClassFixture<ClusterNodeEnvironment>;

    public sealed class OnRedisCluster(RedisClusterNodeEnvironment node) : BadOrderTests(node), IClassFixture<RedisClusterNodeEnvironment>;

    private readonly ClusterStoreOptions _store = new();

    [Fact]
    public async Task BadOrders_AreAcknowledgedCountedAndNeverRun_TheGoodOrderAfterThemRuns()
    {
        const string node = "orders-bad";
        var (reference, image) = await environment.PushAsync("cluster-orders/bad:v1", environment.Layers(150_000, 90_000));
        var (wanted, other) = (image.Layers[0], image.Layers[1]);
        using var redis = await environment.ConnectAsync();
        var queue = new OrderQueue(redis, _store);
        using var client = environment.Client();
        await using var agent = await AgentHost.StartAsync(environment, environment.AgentSettings(node));

        // Each would have fetched the other layer, had it been run.
        var stream = (RedisKey)$"{_store.KeyPrefix}:{{node:{node}}}:orders";
        var fetchOther = $"\"image\":\"{reference}\",\"layers\":[{{\"digest\":\"{other.Digest}\",\"sizeBytes\":{other.SizeBytes}}}],\"evictImages\":[],\"evictBlobs\":[],\"issuedAt\":\"2026-01-01T00:00:00Z\"";
        string[] bad =
        [
            "{\"schema\":1,\"id\":\"not-json\",",
            $"{{\"schema\":1,\"id\":\"bad-kind\",\"node\":\"{node}\",\"kind\":7,{fetchOther}}}",
            $"{{\"schema\":1,\"id\":\"bad-size\",\"node\":\"{node}\",\"kind\":\"PrefetchLayers\",{fetchOther.Replace($"\"sizeBytes\":{other.SizeBytes}", "\"sizeBytes\":-1", StringComparison.Ordinal)}}}",
            $"{{\"schema\":1,\"id\":\"other-node\",\"node\":\"someone-else\",\"kind\":\"PrefetchLayers\",{fetchOther}}}",
            $"{{\"schema\":1,\"id\":\"no-layers\",\"node\":\"{node}\",\"kind\":\"PrefetchLayers\",\"image\":\"{reference}\",\"layers\":null,\"evictImages\":[],\"evictBlobs\":[],\"issuedAt\":\"2026-01-01T00:00:00Z\"}}",
        ];
        foreach (var payload in bad)
        {
            await redis.GetDatabase().StreamAddAsync(stream, "json", payload);
        }

        var good = await RunAsync(queue, LayersOrder("good-after-bad", node, reference, [wanted]));

        Assert.True(good.Succeeded, good.Error);
        Assert.Equal(wanted.SizeBytes, good.Bytes);
        Assert.Equal(0, await queue.PendingCountAsync(node, CancellationToken.None));
        Assert.Null(await client.ContentInfoAsync(other.Digest, CancellationToken.None));
        Assert.Equal(0, environment.Registry.BlobGets(other.Digest));
        Assert.Equal(bad.Length, ClusterAssert.Metric(agent, "layercache_bad_payloads_total{kind=\"order\"}"));
        Assert.Equal(1, ClusterAssert.Metric(agent, "layercache_orders_received_total{kind=\"prefetch_layers\"}"));
        foreach (var id in new[] { "bad-kind", "bad-size", "other-node", "no-layers" })
        {
            Assert.Empty(await OutcomesAsync(queue, id));
        }
    }
}
