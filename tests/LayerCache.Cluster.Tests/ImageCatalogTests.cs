using LayerCache.Cluster.Tests.Support;
using LayerCache.Testing.Redis;

namespace LayerCache.Cluster.Tests;

/// <remarks>Runs against one Redis server and against a Redis Cluster: the nested classes.</remarks>
public abstract class ImageCatalogTests(IRedisFixture redis)
{
    [Collection(RedisCollection.Name)]
    public sealed class OnRedis(RedisFixture server) : ImageCatalogTests(server);

    [Collection(RedisClusterCollection.Name)]
    public sealed class OnRedisCluster(RedisClusterFixture cluster) : ImageCatalogTests(cluster);

    [Fact]
    public async Task Set_ThenGet_RoundTripsWithTheTtl()
    {
        await using var connection = await redis.ConnectAsync();
        var options = TestData.NewOptions();
        options.ImageTtl = TimeSpan.FromMinutes(10);
        var catalog = new ImageCatalog(connection, options);
        var image = TestData.Image("registry.test/team/app@sha256:abc", "a", "b");

        Assert.Null(await catalog.GetAsync(image.Reference, CancellationToken.None));
        await catalog.SetAsync(image, CancellationToken.None);
        var back = await catalog.GetAsync(image.Reference, CancellationToken.None);

        Assert.NotNull(back);
        Assert.Equal(image.Layers, back.Layers);
        Assert.Equal(image.ManifestDigest, back.ManifestDigest);
        var ttl = await connection.GetDatabase().KeyTimeToLiveAsync($"{options.KeyPrefix}:image:{image.Reference}");
        Assert.NotNull(ttl);
        Assert.InRange(ttl.Value, TimeSpan.FromSeconds(1), options.ImageTtl);
    }
}
