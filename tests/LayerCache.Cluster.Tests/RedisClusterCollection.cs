using LayerCache.Testing.Redis;

namespace LayerCache.Cluster.Tests;

/// <summary>One Redis Cluster (three masters) shared by the test classes' cluster runs; each test uses its own key prefix.</summary>
[CollectionDefinition(Name)]
public sealed class RedisClusterCollection : ICollectionFixture<RedisClusterFixture>
{
    public const string Name = "redis-cluster";
}
