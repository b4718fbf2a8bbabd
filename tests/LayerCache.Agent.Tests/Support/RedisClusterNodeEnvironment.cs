using LayerCache.Testing.Redis;

namespace LayerCache.Agent.Tests.Support;

/// <summary>The node environment plus a real three-master Redis Cluster on loopback.</summary>
public sealed class RedisClusterNodeEnvironment : RedisNodeEnvironment<RedisClusterFixture>;
