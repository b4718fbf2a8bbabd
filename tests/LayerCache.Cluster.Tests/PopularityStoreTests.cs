using LayerCache.Cluster.Tests.Support;
using LayerCache.Core.Popularity;
using LayerCache.Testing.Redis;

namespace LayerCache.Cluster.Tests;

/// <remarks>Runs against one Redis server and against a Redis Cluster: the nested classes.</remarks>
public abstract class PopularityStoreTests(IRedisFixture redis)
{
    [Collection(RedisCollection.Name)]
    public sealed class OnRedis(RedisFixture server) : PopularityStoreTests(server);

    [Collection(RedisClusterCollection.Name)]
    public sealed class OnRedisCluster(RedisClusterFixture cluster) : PopularityStoreTests(cluster);

    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly TimeSpan HalfLife = TimeSpan.FromMinutes(10);

    [Fact]
    public async Task Load_AfterOneHalfLife_HalvesTheScoresLikeCore()
    {
        await using var connection = await redis.ConnectAsync();
        var time = new ManualTimeProvider(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var store = new PopularityStore(connection, TestData.NewOptions(), HalfLife, time);
        var core = new PopularityTracker(HalfLife, time);
        var image = TestData.Image("a:1", "x", "y");

        await store.RecordAsync(image, 2, None);
        core.Record(image, 2);
        time.Advance(HalfLife);
        var loaded = await store.LoadAsync(10, None);
        Assert.Equal(1, loaded.ImageScore("a:1"), 9);
        Assert.Equal(1, loaded.LayerScore(image.Layers[0].Digest), 9);

        await store.RecordAsync(image, 1, None);
        core.Record(image, 1);
        time.Advance(HalfLife / 2);
        loaded = await store.LoadAsync(10, None);
        Assert.Equal(core.ImageScore("a:1"), loaded.ImageScore("a:1"), 9);
        Assert.Equal(2 * Math.Pow(2, -0.5), loaded.ImageScore("a:1"), 9);
        Assert.Equal(
            core.TopLayers(10).Select(t => (t.Layer.Digest.Value, Math.Round(t.Score, 9))).Order(),
            loaded.TopLayers(10).Select(t => (t.Layer.Digest.Value, Math.Round(t.Score, 9))).Order());
    }

    [Fact]
    public async Task Record_AcrossHundredsOfHalfLives_RebasesAndStaysExact()
    {
        await using var connection = await redis.ConnectAsync();
        var start = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var time = new ManualTimeProvider(start);
        var options = TestData.NewOptions();
        var store = new PopularityStore(connection, options, HalfLife, time);
        var core = new PopularityTracker(HalfLife, time);
        var steady = TestData.Image("steady:1", "s");
        var forgotten = TestData.Image("forgotten:1", "f");
        await store.RecordAsync(forgotten, 1, None);

        // One count per half-life for 300 half-lives: the exponent passes the rebase bound four times.
        for (var i = 0; i < 300; i++)
        {
            await store.RecordAsync(steady, 1, None);
            core.Record(steady, 1);
            time.Advance(HalfLife);
        }

        var loaded = await store.LoadAsync(10, None);
        // The last count is one half-life old: 1/2 + 1/4 + ... + 2^-300.
        Assert.Equal(1 - Math.Pow(2, -300), loaded.ImageScore("steady:1"), 9);
        Assert.Equal(core.ImageScore("steady:1"), loaded.ImageScore("steady:1"), 9);
        Assert.Equal(0, loaded.ImageScore("forgotten:1"));

        var database = connection.GetDatabase();
        var epoch = (long)await database.StringGetAsync($"{options.KeyPrefix}:{{pop}}:epoch");
        Assert.True(epoch > start.AddMinutes(10 * 250).ToUnixTimeMilliseconds(), "the epoch moved forward");
        var stored = await database.SortedSetScoreAsync($"{options.KeyPrefix}:{{pop}}:images", "steady:1");
        Assert.InRange(stored!.Value, 1, Math.Pow(2, 66));
        Assert.Null(await database.SortedSetScoreAsync($"{options.KeyPrefix}:{{pop}}:images", "forgotten:1"));
        Assert.False(await database.HashExistsAsync($"{options.KeyPrefix}:{{pop}}:layer-info", forgotten.Layers[0].Digest.Value));
    }

    [Fact]
    public async Task RecordOnce_SamePodAndImage_CountsOnce()
    {
        await using var connection = await redis.ConnectAsync();
        var time = new ManualTimeProvider(DateTimeOffset.UtcNow);
        var store = new PopularityStore(connection, TestData.NewOptions(), HalfLife, time);
        var image = TestData.Image("a:1", "x");

        Assert.True(await store.RecordOnceAsync("pod-1", image, None));
        Assert.False(await store.RecordOnceAsync("pod-1", image, None));
        Assert.True(await store.RecordOnceAsync("pod-2", image, None));
        Assert.True(await store.RecordOnceAsync("pod-1", TestData.Image("b:1", "x"), None));

        var loaded = await store.LoadAsync(10, None);
        Assert.Equal(2, loaded.ImageScore("a:1"), 9);
        Assert.Equal(3, loaded.LayerScore(image.Layers[0].Digest), 9);
    }

    [Fact]
    public async Task Load_WithALimit_KeepsTheMostPopular()
    {
        await using var connection = await redis.ConnectAsync();
        var time = new ManualTimeProvider(DateTimeOffset.UtcNow);
        var store = new PopularityStore(connection, TestData.NewOptions(), HalfLife, time);
        for (var i = 1; i <= 5; i++)
        {
            await store.RecordAsync(TestData.Image($"img{i}:1", $"layer{i}"), i, None);
        }

        var loaded = await store.LoadAsync(2, None);

        Assert.Equal(5, loaded.ImageScore("img5:1"), 9);
        Assert.Equal(4, loaded.ImageScore("img4:1"), 9);
        Assert.Equal(0, loaded.ImageScore("img3:1"));
        Assert.Equal([TestData.LayerOf("layer5", 1006), TestData.LayerOf("layer4", 1006)], loaded.TopLayers(10).Select(t => t.Layer));
    }
}
