using LayerCache.Testing.Redis;
using LayerCache.Testing.Registry;
using StackExchange.Redis;

namespace LayerCache.Agent.Tests.Support;

/// <summary>The node environment with a Redis its agent links to: one server or a Redis Cluster.</summary>
public abstract class LinkedNodeEnvironment : NodeEnvironment
{
    protected LinkedNodeEnvironment()
    {
    }

    protected LinkedNodeEnvironment(RegistryFixture registry)
        : base(registry)
    {
    }

    /// <summary>The Redis the agent links to.</summary>
    protected abstract IRedisFixture Store { get; }

    /// <summary>A test's own client: it survives a server stopping and reconnects when it returns.</summary>
    public Task<ConnectionMultiplexer> ConnectAsync() => Store.ConnectAsync();

    /// <summary>The agent's settings that link it to this Redis, as the node named <paramref name="node"/>.</summary>
    public Dictionary<string, string?> AgentSettings(string node) => new()
    {
        ["Agent:NodeName"] = node,
        ["Agent:Redis"] = Store.Configuration,
        ["Agent:OrderPollInterval"] = "00:00:00.200",
    };
}
