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

    /// <summary>Lookups of keys that existed, summed over every running master (INFO stats).</summary>
    public static Task<long> KeyspaceHitsAsync(this IRedisFixture redis) =>
        SumOverMastersAsync(redis, "stats", "keyspace_hits", value => value);

    /// <summary>How many times <paramref name="command"/> (lower case) ran, summed over every running master (INFO commandstats).</summary>
    public static Task<long> CommandCallsAsync(this IRedisFixture redis, string command) =>
        SumOverMastersAsync(redis, "commandstats", "cmdstat_" + command, value => value.Split(',')[0]["calls=".Length..]);

    private static async Task<long> SumOverMastersAsync(IRedisFixture redis, string section, string field, Func<string, string> number)
    {
        ArgumentNullException.ThrowIfNull(redis);
        var options = redis.CreateOptions();
        options.AllowAdmin = true;
        options.TieBreaker = ""; // the client's GET of its tie-breaker key on connecting would count itself
        await using var admin = await redis.ConnectAsync(options).ConfigureAwait(false);
        long sum = 0;
        foreach (var server in redis.Endpoints.Select(e => admin.GetServer(e)).Where(s => s.IsConnected && !s.IsReplica))
        {
            var info = (await server.InfoAsync(section).ConfigureAwait(false)).SelectMany(g => g).ToDictionary(p => p.Key, p => p.Value);
            sum += info.TryGetValue(field, out var value) ? long.Parse(number(value), System.Globalization.CultureInfo.InvariantCulture) : 0;
        }

        return sum;
    }
}
