using LayerCache.Cluster.Tests.Support;
using LayerCache.Testing.Redis;
using StackExchange.Redis;

namespace LayerCache.Cluster.Tests;

/// <remarks>Runs against one Redis server and against a Redis Cluster: the nested classes.</remarks>
public abstract class ClusterKeysTests(IRedisFixture redis)
{
    [Collection(RedisCollection.Name)]
    public sealed class OnRedis(RedisFixture server) : ClusterKeysTests(server);

    [Collection(RedisClusterCollection.Name)]
    public sealed class OnRedisCluster(RedisClusterFixture cluster) : ClusterKeysTests(cluster);

    [Fact]
    public async Task NodeKeys_ShareOneHashSlot_PerNode()
    {
        await using var connection = await redis.ConnectAsync();
        var keys = new ClusterKeys(new ClusterStoreOptions());
        foreach (var node in new[] { "node-a", "worker-17.example.internal", "n" })
        {
            RedisKey[] nodeKeys = [keys.Inventory(node), keys.Sequence(node), keys.Orders(node), keys.Done(node), keys.Progress(node)];
            Assert.Single(nodeKeys.Select(connection.HashSlot).Distinct());
            Assert.Equal(connection.HashSlot($"{{node:{node}}}"), connection.HashSlot(keys.Inventory(node)));
        }

        Assert.Equal("lc:{node:node-a}:inv", (string?)keys.Inventory("node-a"));
    }

    [Fact]
    public async Task PopularityKeys_ShareOneHashSlot()
    {
        await using var connection = await redis.ConnectAsync();
        var keys = new ClusterKeys(TestData.NewOptions());
        RedisKey[] popularity = [keys.PopularImages, keys.PopularLayers, keys.PopularLayerInfo, keys.PopularityEpoch, keys.PopularitySeen("0123")];

        Assert.Single(popularity.Select(connection.HashSlot).Distinct());
    }
}
