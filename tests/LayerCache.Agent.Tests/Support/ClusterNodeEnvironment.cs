using LayerCache.Testing.Redis;
using LayerCache.Testing.Registry;
using StackExchange.Redis;

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

    /// <summary>A test's own client: it survives the server stopping and reconnects when it returns.</summary>
    public Task<ConnectionMultiplexer> ConnectAsync() => Redis.ConnectAsync();

    /// <summary>The agent's settings that link it to this Redis, as the node named <paramref name="node"/>.</summary>
    public Dictionary<string, string?> AgentSettings(string node) => new()
    {
        ["Agent:NodeName"] = node,
        ["Agent:Redis"] = Redis.Endpoint,
        ["Agent:OrderPollInterval"] = "00:00:00.200",
    };
}
