using LayerCache.Cluster.Tests.Support;
using LayerCache.Core.Inventory;
using LayerCache.Testing.Redis;

namespace LayerCache.Cluster.Tests;

/// <remarks>Runs against one Redis server and against a Redis Cluster: the nested classes.</remarks>
public abstract class InventoryPublisherTests(IRedisFixture redis)
{
    [Collection(RedisCollection.Name)]
    public sealed class OnRedis(RedisFixture server) : InventoryPublisherTests(server);

    [Collection(RedisClusterCollection.Name)]
    public sealed class OnRedisCluster(RedisClusterFixture cluster) : InventoryPublisherTests(cluster);

    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Publish_ThenRead_SnapshotAndDeltasAgree()
    {
        await using var connection = await redis.ConnectAsync();
        var options = TestData.NewOptions();
        var publisher = new InventoryPublisher(connection, options, "node-a");
        var reader = new InventoryReader(connection, options);
        var first = TestData.Snapshot([TestData.Image("a:1", "x", "y")], ["a:1"], [TestData.LayerOf("blob")]);
        var second = TestData.Snapshot([TestData.Image("a:1", "x", "y"), TestData.Image("b:1", "y", "z")], ["a:1", "b:1"]);

        Assert.Equal(1, await publisher.PublishAsync(first, None));
        Assert.Equal(2, await publisher.PublishAsync(second, None));
        Assert.Equal(2, await publisher.PublishAsync(second, None));

        var inventory = await reader.ReadSnapshotAsync("node-a", None);
        Assert.NotNull(inventory);
        Assert.Equal(2, inventory.Sequence);
        TestData.AssertEquivalent(second, inventory.Snapshot);

        var batch = await reader.ReadDeltasAsync("0", 100, None);
        Assert.Equal([1L, 2L], batch.Deltas.Select(d => d.Sequence));
        Assert.True(batch.Deltas[0].Reset);
        Assert.False(batch.Deltas[1].Reset);
        TestData.AssertEquivalent(second, InventoryDiff.Apply(first, batch.Deltas[1]));
        Assert.Equal(batch.LastId, await reader.LatestDeltaIdAsync(None));
        Assert.Empty((await reader.ReadDeltasAsync(batch.LastId, 100, None)).Deltas);
    }

    [Fact]
    public async Task ReadSnapshot_ReadsBetweenTwoGetsOfTheSequence_AndInAMultiWhenAnEmptyHashStandsBesideOne()
    {
        await using var connection = await redis.ConnectAsync();
        var options = TestData.NewOptions();
        var keys = new ClusterKeys(options);
        var snapshot = TestData.Snapshot([TestData.Image("a:1", "x", "y")], ["a:1"]);
        await new InventoryPublisher(connection, options, "node-a").PublishAsync(snapshot, None);
        await connection.GetDatabase().StringSetAsync(keys.Sequence("node-e"), 4);
        var reader = new InventoryReader(connection, options);
        var (multis, gets) = (await redis.CommandCallsAsync("multi"), await redis.CommandCallsAsync("get"));

        var read = await reader.ReadSnapshotAsync("node-a", None);

        TestData.AssertEquivalent(snapshot, read!.Snapshot);
        Assert.Equal(1, read.Sequence);
        Assert.Equal(multis, await redis.CommandCallsAsync("multi"));
        Assert.Equal(gets + 2, await redis.CommandCallsAsync("get"));

        // A sequence without its hash is what a reader sees between the keys' deletion and their next write: read again in a MULTI.
        var empty = await reader.ReadSnapshotAsync("node-e", None);

        Assert.Equal(4, empty!.Sequence);
        Assert.Empty(empty.Snapshot.Images);
        Assert.Equal(multis + 1, await redis.CommandCallsAsync("multi"));
    }

    [Fact]
    public async Task ReadSnapshot_WhileTheAgentWritesOnItsOwnConnection_EveryHashComesWithItsSequence()
    {
        await using var agentConnection = await redis.ConnectAsync();
        await using var connection = await redis.ConnectAsync();
        var options = TestData.NewOptions();
        var publisher = new InventoryPublisher(agentConnection, options, "node-a");
        var reader = new InventoryReader(connection, options);
        Assert.Equal(1, await publisher.PublishAsync(TestData.Snapshot([TestData.Image("app:1", "base", "app-1")]), None));
        using var readerDone = new CancellationTokenSource();
        var reads = 0;

        // The agent writes snapshot k, whose only image is app:k, at sequence k, until the reader has read 200 times.
        var writing = Task.Run(async () =>
        {
            var k = 1;
            while (!readerDone.IsCancellationRequested || k < 50)
            {
                k++;
                Assert.Equal(k, await publisher.PublishAsync(TestData.Snapshot([TestData.Image($"app:{k}", "base", $"app-{k}")]), None));
            }

            return k;
        });
        while (reads < 200)
        {
            var inventory = await reader.ReadSnapshotAsync("node-a", None);
            Assert.Equal($"app:{inventory!.Sequence}", Assert.Single(inventory.Snapshot.Images).Reference);
            reads++;
        }

        readerDone.Cancel();
        var written = await writing;
        var last = await reader.ReadSnapshotAsync("node-a", None);
        Assert.Equal(written, last!.Sequence);
        Assert.Equal($"app:{written}", Assert.Single(last.Snapshot.Images).Reference);
    }

    [Fact]
    public async Task Publish_BlobUnpackedAhead_IsADeltaOfItsOwn_AndReadsBack()
    {
        await using var connection = await redis.ConnectAsync();
        var options = TestData.NewOptions();
        var publisher = new InventoryPublisher(connection, options, "node-u");
        var reader = new InventoryReader(connection, options);
        var blob = TestData.LayerOf("unpacked-blob");
        var present = TestData.Snapshot([], [], [blob]);
        var unpacked = present with { UnpackedBlobs = new HashSet<Core.Model.Digest> { blob.Digest } };

        Assert.Equal(1, await publisher.PublishAsync(present, None));
        Assert.Equal(2, await publisher.PublishAsync(unpacked, None));

        var inventory = await reader.ReadSnapshotAsync("node-u", None);
        Assert.Equal([blob.Digest], inventory!.Snapshot.UnpackedBlobs);
        var delta = (await reader.ReadDeltasAsync("0", 100, None)).Deltas[1];
        Assert.Equal([blob.Digest], delta.UnpackedBlobs);
        Assert.Empty(delta.BlobsAdded);
        TestData.AssertEquivalent(unpacked, InventoryDiff.Apply(present, delta));
    }

    [Fact]
    public async Task ReadSnapshots_SameImageOnTwoNodes_ParsedOnceAndShared_ADifferentOneIsNot()
    {
        await using var connection = await redis.ConnectAsync();
        var options = TestData.NewOptions();
        var shared = TestData.Image("shared:1", "base", "app");
        await new InventoryPublisher(connection, options, "node-a").PublishAsync(TestData.Snapshot([shared, TestData.Image("a:1", "base", "a")]), None);
        await new InventoryPublisher(connection, options, "node-b").PublishAsync(TestData.Snapshot([shared, TestData.Image("a:1", "base", "b")]), None);
        var reader = new InventoryReader(connection, options);

        var a = (await reader.ReadSnapshotAsync("node-a", None))!.Snapshot;
        var b = (await reader.ReadSnapshotAsync("node-b", None))!.Snapshot;

        Assert.Same(a.Images.Single(i => i.Reference == "shared:1"), b.Images.Single(i => i.Reference == "shared:1"));
        var aOwn = a.Images.Single(i => i.Reference == "a:1");
        var bOwn = b.Images.Single(i => i.Reference == "a:1");
        Assert.NotSame(aOwn, bOwn);
        Assert.NotEqual(aOwn.Layers[1].Digest, bOwn.Layers[1].Digest);
    }

    [Fact]
    public async Task Publish_NewPublisherInstance_ContinuesTheSequence()
    {
        await using var connection = await redis.ConnectAsync();
        var options = TestData.NewOptions();
        var snapshot = TestData.Snapshot([TestData.Image("a:1", "x")]);
        await new InventoryPublisher(connection, options, "node-a").PublishAsync(snapshot, None);
        await new InventoryPublisher(connection, options, "node-a").PublishAsync(snapshot with { ContainerImages = ["a:1"] }, None);

        var restarted = new InventoryPublisher(connection, options, "node-a");
        Assert.Equal(3, await restarted.PublishAsync(snapshot, None));

        var deltas = (await new InventoryReader(connection, options).ReadDeltasAsync("0", 10, None)).Deltas;
        Assert.Equal([1L, 2L, 3L], deltas.Select(d => d.Sequence));
        Assert.All(deltas, delta => Assert.True(delta.Reset));
    }

    [Fact]
    public async Task Publish_DeltaAppendFailsAfterTheSnapshot_ReaderSeesItIsBehindAndResyncs()
    {
        await using var connection = await redis.ConnectAsync();
        var options = TestData.NewOptions();
        var publisher = new InventoryPublisher(connection, options, "node-a");
        var reader = new InventoryReader(connection, options);
        var before = TestData.Snapshot([TestData.Image("a:1", "x")]);
        var after = TestData.Snapshot([TestData.Image("a:1", "x"), TestData.Image("b:1", "z")]);
        await publisher.PublishAsync(before, None);

        // The reader follows: it holds sequence 1.
        var batch = await reader.ReadDeltasAsync("0", 10, None);
        var known = (await reader.ReadSnapshotAsync("node-a", None))!;
        Assert.Equal(1, known.Sequence);

        // The delta stream's key turns into a string, so the XADD after the committed MULTI fails.
        var database = connection.GetDatabase();
        var deltas = $"{options.KeyPrefix}:deltas";
        var saved = await database.KeyDumpAsync(deltas);
        await database.KeyDeleteAsync(deltas);
        await database.StringSetAsync(deltas, "not a stream");
        await Assert.ThrowsAsync<StackExchange.Redis.RedisServerException>(() => publisher.PublishAsync(after, None));
        await database.KeyDeleteAsync(deltas);
        await database.KeyRestoreAsync(deltas, saved!);
        await publisher.HeartbeatAsync(Heartbeat("node-a", publisher.Sequence), None);

        // No delta came, but the heartbeat says 2 while the reader holds 1: it resyncs from the snapshot.
        Assert.Empty((await reader.ReadDeltasAsync(batch.LastId, 10, None)).Deltas);
        var heartbeat = Assert.Single(await reader.ReadNodesAsync(None));
        Assert.Equal(2, heartbeat.Sequence);
        Assert.True(heartbeat.Sequence > known.Sequence);
        var resynced = (await reader.ReadSnapshotAsync("node-a", None))!;
        Assert.Equal(2, resynced.Sequence);
        TestData.AssertEquivalent(after, resynced.Snapshot);

        // The publisher rewrites everything next time, so a reader that missed the delta sees a reset.
        Assert.Equal(3, await publisher.PublishAsync(after, None));
        Assert.True(Assert.Single((await reader.ReadDeltasAsync(batch.LastId, 10, None)).Deltas).Reset);
    }

    [Fact]
    public async Task ReadDeltas_SequenceGap_IsVisibleToAReader()
    {
        await using var connection = await redis.ConnectAsync();
        var options = TestData.NewOptions();
        var publisher = new InventoryPublisher(connection, options, "node-a");
        var reader = new InventoryReader(connection, options);
        var snapshots = Enumerable.Range(1, 4)
            .Select(n => TestData.Snapshot(Enumerable.Range(0, n).Select(i => TestData.Image($"img{i}:1", $"l{i}"))))
            .ToList();
        foreach (var snapshot in snapshots)
        {
            await publisher.PublishAsync(snapshot, None);
        }

        // Delta 3 is lost (as trimming or a failed append would lose it).
        var database = connection.GetDatabase();
        var entries = await database.StreamRangeAsync($"{options.KeyPrefix}:deltas");
        await database.StreamDeleteAsync($"{options.KeyPrefix}:deltas", [entries[2].Id]);

        // A reader that had applied deltas 1 and 2 gets delta 4 next: the gap sends it to the snapshot.
        var follower = new Follower(reader, "node-a");
        await follower.CatchUpAsync(snapshots[1], 2, entries[1].Id.ToString());

        Assert.Equal(1, follower.Resyncs);
        Assert.Equal(4, follower.Sequence);
        TestData.AssertEquivalent(snapshots[^1], follower.Snapshot);
    }

    internal static NodeHeartbeat Heartbeat(string node, long sequence) =>
        new(node, sequence, 10_000_000, 0.9, 0.8, 1e6, "lru", DateTimeOffset.UnixEpoch);

    /// <summary>What the coordinator does: apply deltas in sequence, resync from the snapshot on a reset or a gap.</summary>
    private sealed class Follower(InventoryReader reader, string node)
    {
        public InventorySnapshot Snapshot { get; private set; } = TestData.Snapshot([]);

        public long Sequence { get; private set; }

        public int Resyncs { get; private set; }

        public async Task CatchUpAsync(InventorySnapshot start, long sequence, string after)
        {
            (Snapshot, Sequence) = (start, sequence);
            while (true)
            {
                var batch = await reader.ReadDeltasAsync(after, 2, None);
                if (batch.Deltas.Count == 0)
                {
                    return;
                }

                after = batch.LastId;
                foreach (var delta in batch.Deltas.Where(d => d.Node == node && d.Sequence > Sequence))
                {
                    if (delta.Reset || delta.Sequence != Sequence + 1)
                    {
                        var inventory = (await reader.ReadSnapshotAsync(node, None))!;
                        (Snapshot, Sequence) = (inventory.Snapshot, inventory.Sequence);
                        Resyncs++;
                    }
                    else
                    {
                        (Snapshot, Sequence) = (InventoryDiff.Apply(Snapshot, delta), delta.Sequence);
                    }
                }
            }
        }
    }
}
