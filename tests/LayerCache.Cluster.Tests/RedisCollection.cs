using LayerCache.Testing.Redis;

namespace LayerCache.Cluster.Tests;

/// <summary>One redis-server shared by the test classes that do not stop it; each test uses its own key prefix.</summary>
[CollectionDefinition(Name)]
public sealed class RedisCollection : ICollectionFixture<RedisFixture>
{
    public const string Name = "redis";
}
