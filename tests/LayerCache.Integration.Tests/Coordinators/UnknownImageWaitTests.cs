using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using LayerCache.Cluster;
using LayerCache.Integration.Tests.Support;
using LayerCache.Testing.Redis;
using LayerCache.Testing.Registry;
using static LayerCache.Coordinator.Tests.Support.Layers;

namespace LayerCache.Integration.Tests.Coordinators;

/// <summary>
/// A hint for an image nobody has pulled yet waits a moment for its manifest, so that the first pod of a new image is
/// placed by the layers it shares with what the nodes hold; a registry that does not answer costs the wait, no more.
/// </summary>
/// <remarks>Runs against one Redis server and against a Redis Cluster: the nested classes.</remarks>
public abstract class UnknownImageWaitTests(IRedisFixture redis, RegistryFixture registry)
{
    public sealed class OnRedis(RedisFixture server, RegistryFixture registry) : UnknownImageWaitTests(server, registry), IClassFixture<RedisFixture>, IClassFixture<RegistryFixture>;

    public sealed class OnRedisCluster(RedisClusterFixture cluster, RegistryFixture registry)
        : UnknownImageWaitTests(cluster, registry), IClassFixture<RedisClusterFixture>, IClassFixture<RegistryFixture>;

    private readonly string _prefix = "uw" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task UnknownImage_TheFirstHintWaitsForItsLookup_AndScoresTheLayersTheNodeShares()
    {
        var builder = new OciImageBuilder(5151);
        var shared = builder.CreateLayer(70_000);
        var own = builder.CreateLayers(25_000, 15_000);
        var pushed = builder.CreateImage([shared, .. own]);
        var reference = registry.Reference("wait/new-app:v1");
        using (var push = registry.CreateClient())
        {
            await OciImageBuilder.PushAsync(push, reference, pushed);
        }

        using var client = await redis.ConnectAsync();
        await using var node = new SyntheticNode(client, Store, "base-node", 100e6);
        await node.HoldAsync(Image("docker.io/acme/same-base:1", shared.ToLayer()));
        node.StartHeartbeats();
        // The longest wait allowed, so that a slow lookup on a loaded machine still ends inside it.
        var settings = TestSettings.Coordinator(redis.Configuration, _prefix, registry.Host).With(("Coordinator:UnknownImageWait", "00:00:10"));
        await using var coordinator = await Replicas.StartAsync(settings);
        await Replicas.WaitForNodesAsync(coordinator, "base-node");

        var first = await HintsApi.GetAsync(coordinator.Http, reference.ToString(), "base-node");

        Assert.True(first.Resolved, first.Json);
        var hint = first.Node("base-node")!;
        Assert.Equal(shared.SizeBytes, hint.PresentBytes);
        Assert.Equal(own.Sum(l => l.SizeBytes), hint.MissingBytes);
        Assert.True(hint.Score > 0, first.Json);
        Assert.Equal(1, await Scrape.MetricAsync(coordinator.Http, "layercache_unknown_image_waits_total{outcome=\"resolved\"}"));
        Assert.Equal(1, await Scrape.MetricAsync(coordinator.Http, "layercache_images_resolved_total{outcome=\"registry\"}"));
    }

    [Fact]
    public async Task UnknownImage_OnARegistryThatNeverAnswers_TheHintAnswersNeutralOnceTheWaitRunsOut()
    {
        // Connections are accepted by the kernel and then nothing is ever said: the registry client's own timeout is 30 s.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var host = $"127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}";
        var reference = $"{host}/wait/silent:v1";
        using var client = await redis.ConnectAsync();
        await using var node = new SyntheticNode(client, Store, "silent-registry-node", 100e6);
        await node.HoldAsync(Image("docker.io/acme/anything:1", Of("anything", 10 * MB)));
        node.StartHeartbeats();
        var wait = TimeSpan.FromSeconds(1);
        var settings = TestSettings.Coordinator(redis.Configuration, _prefix, host).With(("Coordinator:UnknownImageWait", wait.ToString()));
        await using var coordinator = await Replicas.StartAsync(settings);
        await Replicas.WaitForNodesAsync(coordinator, "silent-registry-node");

        var asked = Stopwatch.StartNew();
        var answer = await HintsApi.GetAsync(coordinator.Http, reference, "silent-registry-node");
        var answeredIn = asked.Elapsed;

        Assert.False(answer.Resolved, answer.Json);
        Assert.Equal(0, answer.Node("silent-registry-node")!.Score);
        Assert.True(answeredIn >= wait - TimeSpan.FromMilliseconds(50), $"answered in {answeredIn}: it did not wait for the lookup");
        Assert.True(answeredIn < TimeSpan.FromSeconds(20), $"answered in {answeredIn}: the wait did not cut the registry's 30 s timeout short");
        Assert.Equal(1, await Scrape.MetricAsync(coordinator.Http, "layercache_unknown_image_waits_total{outcome=\"timeout\"}"));
    }

    private ClusterStoreOptions Store => new() { KeyPrefix = _prefix };
}
