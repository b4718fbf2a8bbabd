using LayerCache.Cluster.Json;
using LayerCache.Cluster.Tests.Support;
using LayerCache.Testing.Redis;

namespace LayerCache.Cluster.Tests;

/// <remarks>Runs against one Redis server and against a Redis Cluster: the nested classes.</remarks>
public abstract class OrderQueueTests(IRedisFixture redis)
{
    [Collection(RedisCollection.Name)]
    public sealed class OnRedis(RedisFixture server) : OrderQueueTests(server);

    [Collection(RedisClusterCollection.Name)]
    public sealed class OnRedisCluster(RedisClusterFixture cluster) : OrderQueueTests(cluster);

    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Append_ReadComplete_DeliversOnceAndRecordsTheOutcome()
    {
        await using var connection = await redis.ConnectAsync();
        var queue = new OrderQueue(connection, TestData.NewOptions());
        var order = Order("o-1", "node-a");
        await queue.AppendAsync(order, None);
        await queue.AppendAsync(Order("o-other", "node-b"), None);

        var delivery = Assert.Single(await queue.ReadAsync("node-a", 10, None));
        Assert.Equal("o-1", delivery.Order.Id);
        Assert.Equal(((PrefetchLayersOrder)order).Layers, Assert.IsType<PrefetchLayersOrder>(delivery.Order).Layers);
        Assert.Equal(1, await queue.PendingCountAsync("node-a", None));

        await queue.CompleteAsync(delivery, Outcome(order), None);

        Assert.Empty(await queue.ReadAsync("node-a", 10, None));
        Assert.Equal(0, await queue.PendingCountAsync("node-a", None));
        Assert.True(await queue.IsDoneAsync("node-a", "o-1", None));
        var outcome = Assert.Single((await queue.ReadOutcomesAsync("0", 10, None)).Outcomes);
        Assert.Equal("o-1", outcome.OrderId);
        Assert.Equal(1234, outcome.Bytes);
    }

    [Fact]
    public async Task Progress_ReportedWhileRunning_ReadBack_GoneWithTheCompletion()
    {
        await using var connection = await redis.ConnectAsync();
        var options = TestData.NewOptions();
        var queue = new OrderQueue(connection, options);
        var order = Order("o-1", "node-a");
        await queue.AppendAsync(order, None);
        var delivery = Assert.Single(await queue.ReadAsync("node-a", 10, None));

        await queue.ReportProgressAsync("node-a", "o-1", 500, None);
        await queue.ReportProgressAsync("node-a", "o-1", 900, None);
        await connection.GetDatabase().HashSetAsync($"{options.KeyPrefix}:{{node:node-a}}:progress", "o-bad", "not a number");

        Assert.Equal(new Dictionary<string, long> { ["o-1"] = 900 }, await queue.ReadProgressAsync("node-a", ["o-1", "o-bad", "o-none"], None));
        await queue.CompleteAsync(delivery, Outcome(order), None);
        Assert.Empty(await queue.ReadProgressAsync("node-a", ["o-1"], None));
    }

    [Fact]
    public async Task ReadNewest_NewestFirst_OrdersAndOutcomes()
    {
        await using var connection = await redis.ConnectAsync();
        var queue = new OrderQueue(connection, TestData.NewOptions());
        await queue.AppendAsync(Order("o-1", "node-a"), None);
        await queue.AppendAsync(Order("o-2", "node-a"), None);
        await queue.AppendAsync(Order("o-3", "node-a"), None);
        foreach (var delivery in await queue.ReadAsync("node-a", 10, None))
        {
            await queue.CompleteAsync(delivery, Outcome(delivery.Order), None);
        }

        Assert.Equal(["o-3", "o-2"], (await queue.ReadNewestAsync("node-a", 2, None)).Select(o => o.Id));
        Assert.Equal(["o-3", "o-2", "o-1"], (await queue.ReadNewestOutcomesAsync(10, None)).Select(o => o.OrderId));
    }

    [Fact]
    public async Task Read_AfterConsumerCrash_NewInstanceGetsUnacknowledgedOrdersFirst()
    {
        await using var connection = await redis.ConnectAsync();
        var options = TestData.NewOptions();
        var issuer = new OrderQueue(connection, options);
        await issuer.AppendAsync(Order("o-1", "node-a"), None);
        await issuer.AppendAsync(Order("o-2", "node-a"), None);

        // The first agent process reads both, finishes one, and dies.
        var crashed = new OrderQueue(connection, options);
        var delivered = await crashed.ReadAsync("node-a", 10, None);
        Assert.Equal(["o-1", "o-2"], delivered.Select(d => d.Order.Id));
        await crashed.CompleteAsync(delivered[0], Outcome(delivered[0].Order), None);
        await issuer.AppendAsync(Order("o-3", "node-a"), None);

        var restarted = new OrderQueue(connection, options);
        var redelivered = await restarted.ReadAsync("node-a", 10, None);

        Assert.Equal(["o-2", "o-3"], redelivered.Select(d => d.Order.Id));
        Assert.Equal(delivered[1].StreamId, redelivered[0].StreamId);
        Assert.Equal(2, await restarted.PendingCountAsync("node-a", None));
    }

    [Fact]
    public async Task Read_NewOnly_SkipsWhatIsPending_WhichAFullReadStillReturns()
    {
        await using var connection = await redis.ConnectAsync();
        var options = TestData.NewOptions();
        var queue = new OrderQueue(connection, options);
        await queue.AppendAsync(Order("o-1", "node-a"), None);
        Assert.Equal(["o-1"], (await queue.ReadAsync("node-a", 10, None)).Select(d => d.Order.Id));
        await queue.AppendAsync(Order("o-2", "node-a"), None);

        var newOnly = await queue.ReadAsync("node-a", 10, None, pending: false);
        Assert.Equal(["o-2"], newOnly.Select(d => d.Order.Id));
        Assert.Empty(await queue.ReadAsync("node-a", 10, None, pending: false));

        Assert.Equal(["o-1", "o-2"], (await queue.ReadAsync("node-a", 10, None)).Select(d => d.Order.Id));
    }

    [Fact]
    public async Task Intake_ReadsPendingOnlyWhenSomeMayWaitUnrun_AndStartsNoMoreThanItMay()
    {
        await using var connection = await redis.ConnectAsync();
        var options = TestData.NewOptions();
        var queue = new OrderQueue(connection, options);
        foreach (var id in new[] { "o-1", "o-2", "o-3" })
        {
            await queue.AppendAsync(Order(id, "node-a"), None);
        }

        var intake = new OrderIntake(queue, "node-a", maxInFlight: 2);
        var first = await intake.TakeAsync([], None);
        Assert.Equal(["o-1", "o-2"], first.Select(d => d.Order.Id));
        Assert.Empty(await intake.TakeAsync([.. first.Select(d => d.StreamId)], None));

        // One ends; the next take starts the third and no more.
        await queue.CompleteAsync(first[0], Outcome(first[0].Order), None);
        var second = await intake.TakeAsync([first[1].StreamId], None);
        Assert.Equal(["o-3"], second.Select(d => d.Order.Id));

        // Something delivered to this node and left pending unrun (as a completion that failed leaves it) is not read
        // while nothing says so, so an idle poll is one read of new orders; once told, the intake reads it again.
        await queue.AppendAsync(Order("o-4", "node-a"), None);
        Assert.Equal(["o-4"], (await queue.ReadAsync("node-a", 1, None, pending: false)).Select(d => d.Order.Id));
        await queue.CompleteAsync(first[1], Outcome(first[1].Order), None);
        await queue.CompleteAsync(second[0], Outcome(second[0].Order), None);
        Assert.Empty(await intake.TakeAsync([], None));
        intake.LeftPending();
        Assert.Equal(["o-4"], (await intake.TakeAsync([], None)).Select(d => d.Order.Id));
    }

    [Fact]
    public async Task Complete_Twice_WritesOneOutcomeAndStaysDone()
    {
        await using var connection = await redis.ConnectAsync();
        var queue = new OrderQueue(connection, TestData.NewOptions());
        var order = Order("o-1", "node-a");
        await queue.AppendAsync(order, None);
        var delivery = Assert.Single(await queue.ReadAsync("node-a", 10, None));
        Assert.False(await queue.IsDoneAsync("node-a", "o-1", None));

        await queue.CompleteAsync(delivery, Outcome(order), None);
        await queue.CompleteAsync(delivery, Outcome(order), None);

        Assert.True(await queue.IsDoneAsync("node-a", "o-1", None));
        Assert.False(await queue.IsDoneAsync("node-b", "o-1", None));
        Assert.Single((await queue.ReadOutcomesAsync("0", 10, None)).Outcomes);
    }

    [Fact]
    public async Task IsDone_AfterTheDedupTtl_IsFalse()
    {
        await using var connection = await redis.ConnectAsync();
        var time = new ManualTimeProvider(DateTimeOffset.UtcNow);
        var options = TestData.NewOptions();
        options.OrderDedupTtl = TimeSpan.FromHours(1);
        var queue = new OrderQueue(connection, options, time);
        var order = Order("o-1", "node-a");
        await queue.AppendAsync(order, None);
        await queue.CompleteAsync(Assert.Single(await queue.ReadAsync("node-a", 1, None)), Outcome(order), None);

        time.Advance(TimeSpan.FromMinutes(59));
        Assert.True(await queue.IsDoneAsync("node-a", "o-1", None));
        time.Advance(TimeSpan.FromMinutes(2));
        Assert.False(await queue.IsDoneAsync("node-a", "o-1", None));
        Assert.True(await connection.GetDatabase().KeyTimeToLiveAsync($"{options.KeyPrefix}:{{node:node-a}}:done") > TimeSpan.Zero);
    }

    [Fact]
    public async Task PendingCount_CountsUndeliveredAndUnacknowledged()
    {
        await using var connection = await redis.ConnectAsync();
        var queue = new OrderQueue(connection, TestData.NewOptions());
        Assert.Equal(0, await queue.PendingCountAsync("node-a", None));
        for (var i = 0; i < 3; i++)
        {
            await queue.AppendAsync(Order($"o-{i}", "node-a"), None);
        }

        Assert.Equal(3, await queue.PendingCountAsync("node-a", None));
        var first = Assert.Single(await queue.ReadAsync("node-a", 1, None));
        Assert.Equal(3, await queue.PendingCountAsync("node-a", None));
        await queue.CompleteAsync(first, Outcome(first.Order), None);
        Assert.Equal(2, await queue.PendingCountAsync("node-a", None));
    }

    [Fact]
    public async Task Read_BadEntries_AreAcknowledgedAndReportedOnce_TheGoodOrderAfterThemIsDelivered()
    {
        await using var connection = await redis.ConnectAsync();
        var options = TestData.NewOptions();
        var queue = new OrderQueue(connection, options);
        var reported = new List<BadPayload>();
        queue.BadPayload += reported.Add;
        var stream = new ClusterKeys(options).Orders("node-a");
        await connection.GetDatabase().StreamAddAsync(stream, "json", "[1,2");
        await connection.GetDatabase().StreamAddAsync(stream, "json", "{\"schema\":1,\"id\":\"\",\"node\":\"node-a\",\"kind\":\"Evict\",\"layers\":[],\"evictImages\":[],\"evictBlobs\":[],\"issuedAt\":\"2026-01-01T00:00:00Z\"}");
        await connection.GetDatabase().StreamAddAsync(stream, "json", Payload.Write(Order("o-misfiled", "node-b"), ClusterJson.Default.NodeOrder));
        await queue.AppendAsync(Order("o-good", "node-a"), None);

        var delivery = Assert.Single(await queue.ReadAsync("node-a", 10, None));

        Assert.Equal("o-good", delivery.Order.Id);
        Assert.Equal(["order", "order", "order"], reported.Select(b => b.Kind));
        Assert.Contains("not node-a", reported[2].Reason, StringComparison.Ordinal);
        Assert.Equal(1, await queue.PendingCountAsync("node-a", None));
        Assert.Single(await queue.ReadAsync("node-a", 10, None));
        Assert.Equal(3, reported.Count);
    }

    [Fact]
    public async Task SignedQueue_DeliversGoodSignaturesClean_AndSaysWhyTheOthersMustNotRun()
    {
        var directory = Directory.CreateTempSubdirectory("layercache-order-keys-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(directory, "k1"), "0123456789abcdef0123456789abcdef");
            await using var connection = await redis.ConnectAsync();
            var options = TestData.NewOptions();
            var signer = new OrderQueue(connection, options, orderKeys: OrderKeys.Load(directory, signs: true));
            var unsigned = new OrderQueue(connection, options);
            var reader = new OrderQueue(connection, options, orderKeys: OrderKeys.Load(directory));
            await signer.AppendAsync(Order("o-signed", "node-a"), None);
            await unsigned.AppendAsync(Order("o-unsigned", "node-a"), None);

            var deliveries = await reader.ReadAsync("node-a", 10, None);

            Assert.Equal(["o-signed", "o-unsigned"], deliveries.Select(d => d.Order.Id));
            Assert.Null(deliveries[0].Refusal);
            Assert.Equal("unsigned", deliveries[1].Refusal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static NodeOrder Order(string id, string node) =>
        new PrefetchLayersOrder(id, node, "registry.test/app:v1", [TestData.LayerOf(id)], DateTimeOffset.UnixEpoch);

    private static OrderOutcome Outcome(NodeOrder order) =>
        new(order.Id, order.Node, order.Kind, Succeeded: true, Bytes: 1234, Seconds: 0.5, Error: null, DateTimeOffset.UnixEpoch);
}
