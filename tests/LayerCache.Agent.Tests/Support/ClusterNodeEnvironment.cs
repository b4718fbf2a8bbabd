using LayerCache.Testing.Redis;
using LayerCache.Testing.Registry;

namespace LayerCache.Agent.Tests.Support;

/// <summary>The node environment plus a real redis-server on loopback, which a test may stop and start again empty.</summary>
public class ClusterNodeEnvironment : RedisNodeEnvironment<RedisFixture>
{
    public ClusterNodeEnvironment()
    {
    }

    protected ClusterNodeEnvironment(RegistryFixture registry)
        : base(registry)
    {
    }
}
