using LayerCache.Testing.Redis;

namespace LayerCache.Cluster.Tests;

[Collection(RedisCollection.Name)]
public sealed class LeaderLockTests(RedisFixture redis)
{
    [Fact]
    public async Task TryAcquireOrRenew_TwoOwners_OnlyOneHolds()
    {
        await using var connection = await redis.ConnectAsync();
        var options = new ClusterStoreOptions { KeyPrefix = "t" + Guid.NewGuid().ToString("N") };
        var a = new LeaderLock(connection, options, "a", TimeSpan.FromSeconds(10));
        var b = new LeaderLock(connection, options, "b", TimeSpan.FromSeconds(10));

        Assert.True(await a.TryAcquireOrRenewAsync(CancellationToken.None));
        Assert.False(await b.TryAcquireOrRenewAsync(CancellationToken.None));
        Assert.True(a.IsHeld);
        Assert.False(b.IsHeld);
        Assert.Equal("a", await b.HolderAsync(CancellationToken.None));
    }
}
