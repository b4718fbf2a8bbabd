using StackExchange.Redis;

namespace LayerCache.Testing.Redis;

/// <summary>
/// What a test needs of the Redis it runs against, one server (<see cref="RedisFixture"/>) or a cluster
/// (<see cref="RedisClusterFixture"/>), so the same test runs against both.
/// </summary>
public interface IRedisFixture
{
    /// <summary>A StackExchange.Redis configuration string naming the endpoint(s), as an operator would give it.</summary>
    string Configuration { get; }

    /// <summary>Every server's "127.0.0.1:PORT".</summary>
    IReadOnlyList<string> Endpoints { get; }

    /// <summary>
    /// Options for a client: it does not give up when Redis is down at connect time and reconnects when it returns,
    /// with short timeouts so outage tests fail fast.
    /// </summary>
    ConfigurationOptions CreateOptions();

    Task<ConnectionMultiplexer> ConnectAsync(ConfigurationOptions? options = null);

    /// <summary>Kills every server and starts it again on the same port, empty: a restart that lost every key.</summary>
    Task RestartAsync();
}
