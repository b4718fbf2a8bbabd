using System.Text;
using System.Text.Json;
using LayerCache.Cluster.Json;
using LayerCache.Cluster.Tests.Support;
using LayerCache.Testing.Redis;
using StackExchange.Redis;

namespace LayerCache.Cluster.Tests;

/// <summary>
/// A rolling upgrade on real Redis: what an agent of the unversioned format before schema versions left in Redis
/// (snapshot, heartbeat, delta) is read by this build as it was written.
/// </summary>
/// <remarks>Runs against one Redis server and against a Redis Cluster: the nested classes.</remarks>
public abstract class PreviousSchemaTests(IRedisFixture redis)
{
    [Collection(RedisCollection.Name)]
    public sealed class OnRedis(RedisFixture server) : PreviousSchemaTests(server);

    [Collection(RedisClusterCollection.Name)]
    public sealed class OnRedisCluster(RedisClusterFixture cluster) : PreviousSchemaTests(cluster);

    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task SnapshotHeartbeatAndDelta_OfThePreviousFormat_AreReadAsWritten()
    {
        await using var connection = await redis.ConnectAsync();
        var options = TestData.NewOptions();
        var keys = new ClusterKeys(options);
        var snapshot = TestData.Snapshot([TestData.Image("a:1", "x", "y"), TestData.Image("b:1", "y", "z")], ["a:1"], [TestData.LayerOf("blob")]);
        var publisher = new InventoryPublisher(connection, options, "old-node");
        await publisher.PublishAsync(snapshot, None);
        var heartbeat = new NodeHeartbeat("old-node", 1, 5_000_000, 0.8, 0.7, 12e6, "Lru", new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero));
        await publisher.HeartbeatAsync(heartbeat, None);

        // Rewrite every payload as the previous build wrote it: the same JSON without the version.
        var database = connection.GetDatabase();
        var fields = await database.HashGetAllAsync(keys.Inventory("old-node"));
        Assert.Contains(fields, f => Text(f.Value).StartsWith("{\"schema\":1,", StringComparison.Ordinal));
        await database.HashSetAsync(keys.Inventory("old-node"), [.. fields.Select(f => new HashEntry(f.Name, Unversioned(f.Value)))]);
        await database.HashSetAsync(keys.Nodes, "old-node", Unversioned(await database.HashGetAsync(keys.Nodes, "old-node")));
        var delta = new InventoryDelta("old-node", 2, false, [TestData.Image("c:1", "z")], ["b:1"], [], [], null);
        var after = await database.StreamAddAsync(keys.Deltas, Payload.StreamField, JsonSerializer.SerializeToUtf8Bytes(delta, ClusterJson.Default.InventoryDelta));
        Assert.DoesNotContain(await database.HashGetAllAsync(keys.Inventory("old-node")), f => Text(f.Value).Contains("schema", StringComparison.Ordinal));

        var reader = new InventoryReader(connection, options);
        var read = await reader.ReadSnapshotAsync("old-node", None);
        var nodes = await reader.ReadNodesAsync(None);
        var deltas = await reader.ReadDeltasAsync(StreamReads.Start, 100, None);

        Assert.NotNull(read);
        TestData.AssertEquivalent(snapshot, read.Snapshot);
        Assert.Equal(heartbeat, Assert.Single(nodes));
        var readDelta = Assert.Single(deltas.Deltas, d => d.Sequence == 2);
        Assert.Equal("c:1", Assert.Single(readDelta.ImagesAdded).Reference);
        Assert.Equal(["b:1"], readDelta.ImagesRemoved);
        Assert.Equal(after.ToString(), deltas.LastId);
    }

    private static string Text(RedisValue value) => Encoding.UTF8.GetString((byte[])value!);

    private static RedisValue Unversioned(RedisValue value) => Text(value).Replace("{\"schema\":1,", "{", StringComparison.Ordinal);
}
