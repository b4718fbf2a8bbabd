using LayerCache.Agent.Tests.Support;
using LayerCache.Testing.Redis;

namespace LayerCache.Integration.Tests.Support;

/// <summary>The node environment (containerd, registry) plus a real three-master Redis Cluster on loopback.</summary>
public sealed class RedisClusterNodeEnvironment : RedisNodeEnvironment<RedisClusterFixture>;
