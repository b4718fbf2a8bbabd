using LayerCache.Cluster.Tests.Support;
using LayerCache.Testing.Redis;
using StackExchange.Redis;

namespace LayerCache.Cluster.Tests;

/// <summary>The cluster runs are on a real cluster: nodes' keys spread over every master, and are read back from all.</summary>
[Collection(RedisClusterCollection.Name)]
public sealed class ClusterSpreadTests(RedisClusterFixture cluster)
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task ManyNodes_SpreadOverEveryMaster_EveryOneReadBack()
    {
        await using var connection = await cluster.ConnectAsync();
        var options = TestData.NewOptions();
        var keys = new ClusterKeys(options);
        var nodes = Enumerable.Range(0, 30).Select(i => $"node-{i}").ToList();
        foreach (var node in nodes)
        {
            var publisher = new InventoryPublisher(connection, options, node);
            await publisher.PublishAsync(TestData.Snapshot([TestData.Image($"{node}/app:1", node)]), None);
            await publisher.HeartbeatAsync(InventoryPublisherTests.Heartbeat(node, publisher.Sequence), None);
        }

        var masters = connection.GetServers().Where(s => s.ServerType == ServerType.Cluster && !s.IsReplica).ToList();
        Assert.Equal(RedisClusterFixture.Masters, masters.Count);
        foreach (var master in masters)
        {
            Assert.Contains(nodes, node => master.ClusterConfiguration!.GetBySlot(keys.Inventory(node))!.EndPoint!.Equals(master.EndPoint));
        }

        var reader = new InventoryReader(connection, options);
        Assert.Equal(nodes.Order(StringComparer.Ordinal), (await reader.ReadNodesAsync(None)).Select(h => h.Node).Order(StringComparer.Ordinal));
        foreach (var node in nodes)
        {
            var inventory = await reader.ReadSnapshotAsync(node, None);
            Assert.NotNull(inventory);
            Assert.Equal($"{node}/app:1", Assert.Single(inventory.Snapshot.Images).Reference);
        }
    }
}
