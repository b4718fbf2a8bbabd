using LayerCache.Cluster.Tests.Support;
using LayerCache.Testing.Redis;
using StackExchange.Redis;

namespace LayerCache.Cluster.Tests;

/// <summary>Redis restarted empty under a live publisher; the class has its own server, which it stops.</summary>
public sealed class RedisRestartTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Publish_AfterRedisRestartedEmpty_RewritesEverything()
    {
        await using var connection = await redis.ConnectAsync();
        var options = TestData.NewOptions();
        var publisher = new InventoryPublisher(connection, options, "node-a");
        var reader = new InventoryReader(connection, options);
        var snapshot = TestData.Snapshot([TestData.Image("a:1", "x"), TestData.Image("b:1", "y")], ["a:1"], [TestData.LayerOf("blob")]);
        var changed = snapshot with { ContainerImages = ["a:1", "b:1"] };
        await publisher.PublishAsync(snapshot, None);
        await publisher.PublishAsync(changed, None);

        // Unchanged inventory after the restart: the publisher notices Redis lost its sequence.
        await redis.RestartAsync();
        Assert.Equal(1, await RetryAsync(() => publisher.PublishAsync(changed, None)));
        TestData.AssertEquivalent(changed, (await reader.ReadSnapshotAsync("node-a", None))!.Snapshot);

        // A changed inventory after the restart: the diff's condition fails and the whole snapshot is written.
        await redis.RestartAsync();
        Assert.Equal(1, await RetryAsync(() => publisher.PublishAsync(snapshot, None)));
        TestData.AssertEquivalent(snapshot, (await reader.ReadSnapshotAsync("node-a", None))!.Snapshot);
        Assert.True(Assert.Single((await reader.ReadDeltasAsync("0", 10, None)).Deltas).Reset);
    }

    [Fact]
    public async Task Publish_AfterAFailureAndReset_RepublishesEverything()
    {
        await using var connection = await redis.ConnectAsync();
        var options = TestData.NewOptions();
        var publisher = new InventoryPublisher(connection, options, "node-a");
        var snapshot = TestData.Snapshot([TestData.Image("a:1", "x")], [], [TestData.LayerOf("blob")]);
        await publisher.PublishAsync(snapshot, None);

        await redis.StopAsync();
        await Assert.ThrowsAnyAsync<RedisException>(() => publisher.PublishAsync(snapshot with { ContainerImages = ["a:1"] }, None));
        publisher.Reset();
        await redis.StartAsync();

        var sequence = await RetryAsync(() => publisher.PublishAsync(snapshot, None));
        Assert.Equal(1, sequence);
        var inventory = await new InventoryReader(connection, options).ReadSnapshotAsync("node-a", None);
        Assert.NotNull(inventory);
        TestData.AssertEquivalent(snapshot, inventory.Snapshot);
    }

    // The client reconnects in the background; the first calls after a restart may still fail, or time out.
    private static async Task<T> RetryAsync<T>(Func<Task<T>> call)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await call();
            }
            catch (Exception e) when (RedisConnection.IsFailure(e) && attempt < 50)
            {
                await Task.Delay(100);
            }
        }
    }
}
