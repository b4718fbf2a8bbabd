using System.Globalization;
using StackExchange.Redis;

namespace LayerCache.LoadTest.Cluster;

/// <summary>The memory figures of Redis's <c>INFO memory</c>.</summary>
public sealed record RedisMemory(long UsedBytes, long RssBytes, long Keys)
{
    public static async Task<RedisMemory> ReadAsync(IConnectionMultiplexer redis)
    {
        var server = redis.GetServer(redis.GetEndPoints()[0]);
        var info = (await server.InfoAsync("memory").ConfigureAwait(false)).SelectMany(g => g).ToDictionary(p => p.Key, p => p.Value);
        var keys = await server.DatabaseSizeAsync().ConfigureAwait(false);
        return new RedisMemory(
            long.Parse(info["used_memory"], CultureInfo.InvariantCulture), long.Parse(info["used_memory_rss"], CultureInfo.InvariantCulture), keys);
    }
}
