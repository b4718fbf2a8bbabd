using LayerCache.Testing.Redis;
using StackExchange.Redis;

namespace LayerCache.LoadTest.Cluster;

/// <summary>A client of the fixture's redis-server allowed INFO (admin) and patient enough for 5,000 snapshots at once.</summary>
public static class BenchmarkRedis
{
    public static Task<ConnectionMultiplexer> ConnectAsync(RedisFixture redis)
    {
        var options = redis.CreateOptions();
        options.AllowAdmin = true;
        options.SyncTimeout = 60_000;
        options.AsyncTimeout = 60_000;
        return redis.ConnectAsync(options);
    }
}
