using LayerCache.Agent.Tests.Support;
using LayerCache.Cluster;
using static LayerCache.Agent.Tests.Cluster.OrderRuns;

namespace LayerCache.Agent.Tests.Cluster;

/// <summary>
/// An agent that checks signatures, on a real containerd, registry and Redis: every order that is unsigned, forged,
/// too old, for a registry it does not allow or past its byte budget ends with a refusal, and nothing of it runs.
/// </summary>
/// <remarks>Runs against one Redis server and against a Redis Cluster: the nested classes.</remarks>
public abstract class SignedOrderTests(LinkedNodeEnvironment environment) : IDisposable
{
    public sealed class OnRedis(ClusterNodeEnvironment node) : SignedOrderTests(node), IClassFixture<ClusterNodeEnvironment>;

    public sealed class OnRedisCluster(RedisClusterNodeEnvironment node) : SignedOrderTests(node), IClassFixture<RedisClusterNodeEnvironment>;

    private readonly ClusterStoreOptions _store = new();
    private readonly string _keys = Directory.CreateTempSubdirectory("layercache-order-keys-").FullName;
    private readonly string _forgerKeys = Directory.CreateTempSubdirectory("layercache-forger-keys-").FullName;

    [Fact]
    public async Task RefusedOrders_EndWithTheirReasonAndChangeNothing_TheSignedOrderRuns()
    {
        const string node = "orders-signed";
        File.WriteAllText(Path.Combine(_keys, "k1"), "0123456789abcdef0123456789abcdef");
        File.WriteAllText(Path.Combine(_forgerKeys, "k1"), "a guess at the key, just as long");
        var (reference, image) = await environment.PushAsync("cluster-orders/signed:v1", environment.Layers(140_000, 80_000));
        var (wanted, other) = (image.Layers[0], image.Layers[1]);
        using var redis = await environment.ConnectAsync();
        var signed = new OrderQueue(redis, _store, orderKeys: OrderKeys.Load(_keys, signs: true));
        var unsigned = new OrderQueue(redis, _store);
        var forged = new OrderQueue(redis, _store, orderKeys: OrderKeys.Load(_forgerKeys, signs: true));
        using var client = environment.Client();
        var settings = environment.AgentSettings(node);
        settings["Agent:OrderKeysDirectory"] = _keys;
        settings["Agent:MaxOrderBytes"] = "150000";
        await using var agent = await AgentHost.StartAsync(environment, settings);
        var fetchOther = LayersOrder("x", node, reference, [other]);

        var refusals = new[]
        {
            await RunAsync(unsigned, fetchOther with { Id = "unsigned" }),
            await RunAsync(forged, fetchOther with { Id = "forged" }),
            await RunAsync(signed, fetchOther with { Id = "expired", IssuedAt = DateTimeOffset.UtcNow - TimeSpan.FromHours(2) }),
            await RunAsync(signed, fetchOther with { Id = "elsewhere", Image = "registry.elsewhere.test:5000/cluster-orders/signed:v1" }),
            await RunAsync(signed, fetchOther with { Id = "too-big", Layers = [other, wanted] }),
        };
        var good = await RunAsync(signed, LayersOrder("good", node, reference, [wanted]));

        Assert.All(refusals, r => Assert.False(r.Succeeded));
        Assert.All(refusals, r => Assert.Equal(0, r.Bytes));
        Assert.Equal("refused: unsigned", refusals[0].Error);
        Assert.Equal("refused: a signature that does not match", refusals[1].Error);
        Assert.Contains("Agent:OrderMaxAge", refusals[2].Error, StringComparison.Ordinal);
        Assert.Contains("registry.elsewhere.test:5000", refusals[3].Error, StringComparison.Ordinal);
        Assert.Contains("over Agent:MaxOrderBytes (150000)", refusals[4].Error, StringComparison.Ordinal);
        Assert.True(good.Succeeded, good.Error);
        Assert.Equal(wanted.SizeBytes, good.Bytes);

        Assert.Null(await client.ContentInfoAsync(other.Digest, CancellationToken.None));
        Assert.Equal(0, environment.Registry.BlobGets(other.Digest));
        Assert.Equal(2, ClusterAssert.Metric(agent, "layercache_orders_refused_total{reason=\"signature\"}"));
        Assert.Equal(1, ClusterAssert.Metric(agent, "layercache_orders_refused_total{reason=\"expired\"}"));
        Assert.Equal(1, ClusterAssert.Metric(agent, "layercache_orders_refused_total{reason=\"registry\"}"));
        Assert.Equal(1, ClusterAssert.Metric(agent, "layercache_orders_refused_total{reason=\"budget\"}"));
        Assert.Equal(1, ClusterAssert.Metric(agent, "layercache_orders_completed_total{kind=\"prefetch_layers\"}"));
    }

    public void Dispose()
    {
        Directory.Delete(_keys, recursive: true);
        Directory.Delete(_forgerKeys, recursive: true);
    }
}
