using LayerCache.Testing.Redis;
using LayerCache.Testing.Registry;

namespace LayerCache.Agent.Tests.Support;

/// <summary>The node environment plus a real Redis on loopback: one server or a cluster, started before the node and stopped after it.</summary>
public class RedisNodeEnvironment<TRedis> : LinkedNodeEnvironment, IAsyncLifetime
    where TRedis : IRedisFixture, IAsyncLifetime, new()
{
    public RedisNodeEnvironment()
    {
    }

    protected RedisNodeEnvironment(RegistryFixture registry)
        : base(registry)
    {
    }

    public TRedis Redis { get; } = new();

    protected override IRedisFixture Store => Redis;

    async Task IAsyncLifetime.InitializeAsync()
    {
        await Redis.InitializeAsync();
        await InitializeAsync();
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await Redis.DisposeAsync();
    }
}
