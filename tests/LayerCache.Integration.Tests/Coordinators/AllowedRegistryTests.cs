using System.Net;
using System.Net.Sockets;
using LayerCache.Cluster;
using LayerCache.Integration.Tests.Support;
using LayerCache.Testing.Redis;
using static LayerCache.Coordinator.Tests.Support.Layers;

namespace LayerCache.Integration.Tests.Coordinators;

/// <summary>
/// A hint names images on any host it likes; the coordinator looks up only those on registries it may contact, so
/// an unauthenticated caller cannot make it connect inside the cluster network or learn what exists there.
/// </summary>
/// <remarks>Runs against one Redis server and against a Redis Cluster: the nested classes.</remarks>
public abstract class AllowedRegistryTests(IRedisFixture redis)
{
    public sealed class OnRedis(RedisFixture server) : AllowedRegistryTests(server), IClassFixture<RedisFixture>;

    public sealed class OnRedisCluster(RedisClusterFixture cluster)
        : AllowedRegistryTests(cluster), IClassFixture<RedisClusterFixture>;

    private readonly string _prefix = "ar" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task ImageOnAHostNotAllowed_NoConnectionIsMade_AndTheAnswerIsNeutral()
    {
        using var inside = new TcpListener(IPAddress.Loopback, 0);
        inside.Start();
        var host = $"127.0.0.1:{((IPEndPoint)inside.LocalEndpoint).Port}";
        using var client = await redis.ConnectAsync();
        await using var node = new SyntheticNode(client, Store, "allow-node", 100e6);
        await node.HoldAsync(Image("docker.io/acme/web:1", Of("web", 10 * MB)));
        node.StartHeartbeats();
        var settings = TestSettings.Coordinator(redis.Configuration, _prefix).With(("Coordinator:UnknownImageWait", "00:00:02"));
        await using var coordinator = await Replicas.StartAsync(settings);
        await Replicas.WaitForNodesAsync(coordinator, "allow-node");

        foreach (var name in new[] { "internal/secret:v1", "internal/other:v2" })
        {
            var answer = await HintsApi.GetAsync(coordinator.Http, $"{host}/{name}", "allow-node");
            Assert.False(answer.Resolved, answer.Json);
            Assert.Equal(0, answer.Node("allow-node")!.Score);
        }

        // Counted as the lookup is refused, before the answer: no connection can be on its way.
        Assert.Equal(2, await Scrape.MetricAsync(coordinator.Http, "layercache_images_resolved_total{outcome=\"not_allowed\"}"));
        Assert.False(inside.Pending(), "the coordinator connected to a host it may not contact");
        Assert.Equal(0, await Scrape.MetricAsync(coordinator.Http, "layercache_images_resolved_total{outcome=\"failed\"}"));
    }

    [Fact]
    public async Task HostNamedInAllowedRegistries_IsContacted()
    {
        using var allowed = new TcpListener(IPAddress.Loopback, 0);
        allowed.Start();
        var host = $"127.0.0.1:{((IPEndPoint)allowed.LocalEndpoint).Port}";
        var settings = TestSettings.Coordinator(redis.Configuration, _prefix).With(
            ("Coordinator:UnknownImageWait", "00:00:00"), ("Coordinator:AllowedRegistries:0", host));
        await using var coordinator = await Replicas.StartAsync(settings);

        var answer = await HintsApi.GetAsync(coordinator.Http, $"{host}/internal/secret:v1");
        Assert.False(answer.Resolved, answer.Json);

        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var connection = await allowed.AcceptTcpClientAsync(wait.Token);
        Assert.True(connection.Connected);
    }

    [Fact]
    public async Task ManyNewImages_LookupsStartAtTheConfiguredRate_TheRestAreDropped()
    {
        // An allowed registry where nothing listens: each lookup that starts fails at once, so they are easy to count.
        const string host = "127.0.0.1:1";
        const int images = 30;
        var settings = TestSettings.Coordinator(redis.Configuration, _prefix).With(
            ("Coordinator:UnknownImageWait", "00:00:00"), ("Coordinator:AllowedRegistries:0", host), ("Coordinator:RegistryLookupsPerSecond", "2"));
        await using var coordinator = await Replicas.StartAsync(settings);

        var asked = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < images; i++)
        {
            Assert.False((await HintsApi.GetAsync(coordinator.Http, $"{host}/many/image-{i}:v1")).Resolved);
        }

        double failed = 0, throttled = 0;
        await Poll.UntilAsync(
            async () =>
            {
                failed = await Scrape.MetricAsync(coordinator.Http, "layercache_images_resolved_total{outcome=\"failed\"}") ?? 0;
                throttled = await Scrape.MetricAsync(coordinator.Http, "layercache_images_resolved_total{outcome=\"throttled\"}") ?? 0;
                return failed + throttled == images;
            },
            TimeSpan.FromSeconds(30),
            "not every lookup ended");
        var seconds = asked.Elapsed.TotalSeconds;

        // A burst of 2, then 2 a second for as long as the hints and their lookups took.
        Assert.InRange(failed, 2, 2 + (2 * Math.Ceiling(seconds)));
        Assert.True(throttled > 0);
    }

    private ClusterStoreOptions Store => new() { KeyPrefix = _prefix };
}
