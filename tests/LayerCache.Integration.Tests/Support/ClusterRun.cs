using LayerCache.Agent.Tests.Support;
using LayerCache.Testing.Redis;

namespace LayerCache.Integration.Tests.Support;

/// <summary>What the agent-and-coordinator tests share: the agent's short settings and a Redis emptied between tests.</summary>
public static class ClusterRun
{
    /// <summary>The agent linked to the environment's Redis as <paramref name="node"/>, reporting and polling quickly.</summary>
    public static Dictionary<string, string?> AgentSettings(ClusterNodeEnvironment environment, string node) =>
        AgentSettings(environment.Redis, node);

    /// <summary>The agent linked to <paramref name="redis"/> (a server or a cluster) as <paramref name="node"/>, reporting and polling quickly.</summary>
    public static Dictionary<string, string?> AgentSettings(IRedisFixture redis, string node) => new()
    {
        ["Agent:NodeName"] = node,
        ["Agent:Redis"] = redis.Configuration,
        ["Agent:HeartbeatInterval"] = "00:00:00.200",
        ["Agent:OrderPollInterval"] = "00:00:00.100",
    };

    /// <summary>Empties Redis, so that no node, order or popularity of an earlier test in the class is seen.</summary>
    public static Task FlushAsync(IRedisFixture redis) => redis.FlushAsync();

    /// <summary>Total bytes of the image's layers, as hints count them.</summary>
    public static long Bytes(LayerCache.Testing.Registry.TestImage image) => image.Layers.Sum(l => l.SizeBytes);
}
