using LayerCache.Agent.Tests.Support;
using LayerCache.Testing.Redis;

namespace LayerCache.Integration.Tests.Support;

/// <summary>The node environment (containerd, registry) plus a real three-master Redis Cluster on loopback.</summary>
public sealed class RedisClusterNodeEnvironment : NodeEnvironment, IAsyncLifetime
{
    public RedisClusterFixture Redis { get; } = new();

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
