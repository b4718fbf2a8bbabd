using StackExchange.Redis;

namespace LayerCache.Testing.Redis;

/// <summary>How the fixtures' clients connect, and what every fixture offers on top of <see cref="IRedisFixture"/>.</summary>
public static class RedisClientOptions
{
    /// <summary>See <see cref="IRedisFixture.CreateOptions"/>.</summary>
    public static ConfigurationOptions Create(IEnumerable<string> endpoints)
    {
        var options = new ConfigurationOptions
        {
            AbortOnConnectFail = false,
            ConnectTimeout = 2_000,
            SyncTimeout = 2_000,
            AsyncTimeout = 2_000,
            ConnectRetry = 1,
            ReconnectRetryPolicy = new LinearRetry(100),
        };
        foreach (var endpoint in endpoints)
        {
            options.EndPoints.Add(endpoint);
        }

        return options;
    }

    /// <summary>Deletes every key on every server (every running master of a cluster; replicas follow).</summary>
    public static async Task FlushAsync(this IRedisFixture redis)
    {
        ArgumentNullException.ThrowIfNull(redis);
        var options = redis.CreateOptions();
        options.AllowAdmin = true;
        using var admin = await redis.ConnectAsync(options).ConfigureAwait(false);
        foreach (var server in redis.Endpoints.Select(e => admin.GetServer(e)).Where(s => s.IsConnected && !s.IsReplica))
        {
            await server.FlushAllDatabasesAsync().ConfigureAwait(false);
        }
    }
}
