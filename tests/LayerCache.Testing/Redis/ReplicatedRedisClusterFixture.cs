namespace LayerCache.Testing.Redis;

/// <summary>A <see cref="RedisClusterFixture"/> whose three masters each have a replica, to play a master failing over.</summary>
public sealed class ReplicatedRedisClusterFixture : RedisClusterFixture
{
    public ReplicatedRedisClusterFixture()
        : base(replicasPerMaster: 1)
    {
    }
}
