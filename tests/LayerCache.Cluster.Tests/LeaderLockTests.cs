using LayerCache.Cluster.Tests.Support;
using LayerCache.Testing.Redis;

namespace LayerCache.Cluster.Tests;

/// <remarks>Runs against one Redis server and against a Redis Cluster: the nested classes.</remarks>
public abstract class LeaderLockTests(IRedisFixture redis)
{
    [Collection(RedisCollection.Name)]
    public sealed class OnRedis(RedisFixture server) : LeaderLockTests(server);

    [Collection(RedisClusterCollection.Name)]
    public sealed class OnRedisCluster(RedisClusterFixture cluster) : LeaderLockTests(cluster);

    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task TryAcquireOrRenew_TwoOwners_OnlyOneHolds()
    {
        await using var connection = await redis.ConnectAsync();
        var options = TestData.NewOptions();
        var a = new LeaderLock(connection, options, "a", TimeSpan.FromSeconds(10));
        var b = new LeaderLock(connection, options, "b", TimeSpan.FromSeconds(10));

        Assert.Null(await a.HolderAsync(None));
        Assert.True(await a.TryAcquireOrRenewAsync(None));
        Assert.False(await b.TryAcquireOrRenewAsync(None));
        Assert.True(a.IsHeld);
        Assert.False(b.IsHeld);
        Assert.Equal("a", await b.HolderAsync(None));
    }

    [Fact]
    public async Task TryAcquireOrRenew_RenewedBeforeExpiry_KeepsTheLock()
    {
        await using var connection = await redis.ConnectAsync();
        var options = TestData.NewOptions();
        var expiry = TimeSpan.FromSeconds(4);
        var a = new LeaderLock(connection, options, "a", expiry);
        var b = new LeaderLock(connection, options, "b", expiry);
        Assert.True(await a.TryAcquireOrRenewAsync(None));

        // One and a half times the expiry passes, renewed every eighth of it: a renewal late by 3 s on a loaded
        // machine still comes before the lock expires.
        for (var i = 0; i < 12; i++)
        {
            await Task.Delay(expiry / 8);
            Assert.True(await a.TryAcquireOrRenewAsync(None));
            Assert.False(await b.TryAcquireOrRenewAsync(None));
        }

        Assert.Equal("a", await b.HolderAsync(None));
    }

    [Fact]
    public async Task TryAcquireOrRenew_HolderStopsRenewing_OtherTakesOverAfterExpiry()
    {
        await using var connection = await redis.ConnectAsync();
        var options = TestData.NewOptions();
        // Long enough that b's first try comes before it, even on a loaded machine.
        var expiry = TimeSpan.FromMilliseconds(1500);
        var a = new LeaderLock(connection, options, "a", expiry);
        var b = new LeaderLock(connection, options, "b", expiry);
        Assert.True(await a.TryAcquireOrRenewAsync(None));
        Assert.False(await b.TryAcquireOrRenewAsync(None));

        await Task.Delay(expiry * 2);

        Assert.False(a.IsHeld);
        Assert.True(await b.TryAcquireOrRenewAsync(None));
        Assert.Equal("b", await a.HolderAsync(None));
        Assert.False(await a.TryAcquireOrRenewAsync(None));
    }

    [Fact]
    public async Task Release_WithAnotherToken_LeavesTheLock()
    {
        await using var connection = await redis.ConnectAsync();
        var options = TestData.NewOptions();
        var holder = new LeaderLock(connection, options, "planner", TimeSpan.FromSeconds(10));
        var impostor = new LeaderLock(connection, options, "planner", TimeSpan.FromSeconds(10));
        var other = new LeaderLock(connection, options, "other", TimeSpan.FromSeconds(10));
        Assert.True(await holder.TryAcquireOrRenewAsync(None));

        await impostor.ReleaseAsync(None);
        Assert.False(await other.TryAcquireOrRenewAsync(None));
        Assert.False(await impostor.TryAcquireOrRenewAsync(None));

        await holder.ReleaseAsync(None);
        Assert.False(holder.IsHeld);
        Assert.True(await other.TryAcquireOrRenewAsync(None));
    }
}
