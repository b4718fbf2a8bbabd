using System.Diagnostics;
using LayerCache.Cluster;
using LayerCache.Coordinator.Tests.Support;
using LayerCache.Core.Model;
using LayerCache.Integration.Tests.Support;
using LayerCache.Testing.Redis;
using LayerCache.Testing.Registry;
using StackExchange.Redis;
using static LayerCache.Coordinator.Tests.Support.Layers;

namespace LayerCache.Integration.Tests.Coordinators;

/// <summary>
/// One coordinator following real Redis, fed by synthetic nodes that publish through the agent's own publisher, and
/// resolving unknown images from a real registry.
/// </summary>
/// <remarks>Runs against one Redis server and against a Redis Cluster: the nested classes.</remarks>
public abstract class FeedTests(IRedisFixture redis, RegistryFixture registry)
{
    public sealed class OnRedis(RedisFixture server, RegistryFixture registry) : FeedTests(server, registry), IClassFixture<RedisFixture>, IClassFixture<RegistryFixture>;

    public sealed class OnRedisCluster(RedisClusterFixture cluster, RegistryFixture registry)
        : FeedTests(cluster, registry), IClassFixture<RedisClusterFixture>, IClassFixture<RegistryFixture>;

    private static readonly ContainerImage Web = Image("docker.io/acme/web:1", Of("web-base", 40 * MB), Of("web-app", 5 * MB));
    private static readonly ContainerImage Worker = Image("docker.io/acme/worker:1", Of("web-base", 40 * MB), Of("worker-app", 12 * MB));
    private static readonly ContainerImage Cache = Image("docker.io/library/redis:7", Of("redis", 30 * MB));

    private readonly string _prefix = "it" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task Feed_FollowsEachDelta_ViewEqualsThePublishedSnapshot()
    {
        using var client = await redis.ConnectAsync();
        await using var node = new SyntheticNode(client, Store, "feed-node", 100e6);
        await node.HoldAsync(Web);
        node.StartHeartbeats();
        await using var coordinator = await Replicas.StartAsync(TestSettings.Coordinator(redis.Configuration, _prefix));

        await node.HoldAsync(Web, Worker);
        await AssertViewEqualsAsync(coordinator, node);
        await node.HoldAsync(Worker, Cache);
        await AssertViewEqualsAsync(coordinator, node);
        await node.HoldAsync(Cache);
        await AssertViewEqualsAsync(coordinator, node);

        Assert.Equal(4, node.Sequence);
        Assert.Equal(3, await Scrape.MetricAsync(coordinator.Http, "layercache_inventory_deltas_applied_total"));
        Assert.Equal(0, await Scrape.MetricAsync(coordinator.Http, "layercache_node_resyncs_total{reason=\"gap\"}"));
    }

    [Fact]
    public async Task DeltaDeletedFromTheStream_NextDeltaIsAGap_NodeResyncsFromItsSnapshot()
    {
        using var client = await redis.ConnectAsync();
        await using var node = new SyntheticNode(client, Store, "gap-node", 100e6);
        await node.HoldAsync(Web);

        // Heartbeats are read rarely here, so only the gap in the delta sequence can reveal the lost delta. The stream
        // is read every 5 s, so the coordinator is all but certain not to read the delta in the moment before it is
        // deleted (a read in that moment would see no gap, and rightly so).
        var settings = TestSettings.Coordinator(redis.Configuration, _prefix).With(
            ("Store:HeartbeatRefreshInterval", "00:01:00"), ("Store:NodeExpiry", "00:05:00"), ("Store:PollInterval", "00:00:05"));
        await using var coordinator = await Replicas.StartAsync(settings);
        await AssertViewEqualsAsync(coordinator, node);

        var deltas = (RedisKey)$"{_prefix}:deltas";
        var before = await client.GetDatabase().StreamLengthAsync(deltas);
        await node.HoldAsync(Web, Worker);
        var lost = await client.GetDatabase().StreamRangeAsync(deltas, "-", "+", count: 1, messageOrder: Order.Descending);
        Assert.Equal(1, await client.GetDatabase().StreamDeleteAsync(deltas, [lost[0].Id]));
        Assert.Equal(before, await client.GetDatabase().StreamLengthAsync(deltas));
        await node.HoldAsync(Web, Worker, Cache);

        await AssertViewEqualsAsync(coordinator, node);
        Assert.Equal(1, await Scrape.MetricAsync(coordinator.Http, "layercache_node_resyncs_total{reason=\"gap\"}"));
    }

    [Fact]
    public async Task RedisRestartedEmptyInAMoment_NodeRepublishesFromSequenceOne_ViewFollowsTheNewSnapshot()
    {
        using var client = await redis.ConnectAsync();
        await using var node = new SyntheticNode(client, Store, "restart-node", 100e6);
        await node.HoldAsync(Web);
        await node.HoldAsync(Web, Worker);
        node.StartHeartbeats();
        await using var coordinator = await Replicas.StartAsync(TestSettings.Coordinator(redis.Configuration, _prefix));
        await AssertViewEqualsAsync(coordinator, node);
        Assert.Equal(2, node.Sequence);

        await redis.RestartAsync();
        await Poll.UntilAsync(
            async () =>
            {
                try
                {
                    await node.HoldAsync(Cache);
                    return true;
                }
                catch (Exception e) when (RedisConnection.IsFailure(e))
                {
                    return false;
                }
            },
            TimeSpan.FromSeconds(10),
            "the node could not publish after the restart");

        // Redis lost everything: the node's sequence starts again, below what the view had applied.
        Assert.Equal(1, node.Sequence);
        await AssertViewEqualsAsync(coordinator, node);
    }

    [Fact]
    public async Task RedisRestartedEmpty_NodeNotRepublishedYet_KeepsItsLastInventoryUntilItsHeartbeatExpires()
    {
        using var client = await redis.ConnectAsync();
        await using var node = new SyntheticNode(client, Store, "quiet-node", 100e6);
        await node.HoldAsync(Web);

        // The expiry runs from the heartbeat's own time, which is stamped at or after this: the coordinator's start (slow
        // on a busy machine) comes after it, not before.
        var heartbeatAt = DateTimeOffset.UtcNow;
        await node.HeartbeatAsync();
        var expiry = TimeSpan.FromSeconds(12);
        var settings = TestSettings.Coordinator(redis.Configuration, _prefix).With(("Store:NodeExpiry", expiry.ToString()));
        await using var coordinator = await Replicas.StartAsync(settings);
        await AssertViewEqualsAsync(coordinator, node);

        // Redis comes back with nothing in it, and the node has not published again.
        await redis.RestartAsync();
        await Poll.UntilAsync(
            async () => await Scrape.MetricAsync(coordinator.Http, "layercache_view_full_sync_seconds_count") >= 2 && !coordinator.State.IsStale,
            TimeSpan.FromSeconds(10),
            "the coordinator did not read the restarted Redis");

        // The view still answers for the node from what it last knew: its heartbeat is younger than the expiry.
        Assert.True(DateTimeOffset.UtcNow - heartbeatAt < expiry, "the resync took longer than the expiry");
        Assert.Equal(45 * MB, (await HintsApi.GetAsync(coordinator.Http, Web.Reference, "quiet-node")).Node("quiet-node")!.PresentBytes);

        // Past the expiry without a heartbeat, it leaves.
        await Poll.UntilAsync(
            () => Task.FromResult(!coordinator.State.TryGetNode("quiet-node", out _)),
            expiry + TimeSpan.FromSeconds(3),
            "the node did not leave the view after its heartbeat expired");
        Assert.True(DateTimeOffset.UtcNow - heartbeatAt >= expiry - TimeSpan.FromMilliseconds(250), "the node left before its heartbeat expired");
    }

    [Fact]
    public async Task HeartbeatStops_NodeLeavesTheViewAfterNodeExpiry_OthersStay()
    {
        using var client = await redis.ConnectAsync();
        await using var silent = new SyntheticNode(client, Store, "silent-node", 100e6);
        await using var alive = new SyntheticNode(client, Store, "alive-node", 100e6);
        await silent.HoldAsync(Web);
        await alive.HoldAsync(Web);
        silent.StartHeartbeats();
        alive.StartHeartbeats();
        var expiry = TimeSpan.FromSeconds(1);
        var settings = TestSettings.Coordinator(redis.Configuration, _prefix).With(("Store:NodeExpiry", expiry.ToString()));
        await using var coordinator = await Replicas.StartAsync(settings);
        await Replicas.WaitForNodesAsync(coordinator, "silent-node", "alive-node");
        Assert.Equal(45 * MB, (await HintsApi.GetAsync(coordinator.Http, Web.Reference, "silent-node")).Node("silent-node")!.PresentBytes);

        await silent.StopHeartbeatsAsync();
        var stopped = Stopwatch.StartNew();
        var left = await Poll.UntilAsync(
            () => Task.FromResult(!coordinator.State.TryGetNode("silent-node", out _)),
            expiry + TimeSpan.FromSeconds(3),
            "the silent node did not leave the view");

        // Its last beat was at most 200 ms before the stop; the view re-reads heartbeats every 200 ms.
        Assert.True(stopped.Elapsed >= expiry - TimeSpan.FromMilliseconds(250), $"left after {left.TotalMilliseconds:F0} ms, before its heartbeat expired");
        var hints = await HintsApi.GetAsync(coordinator.Http, Web.Reference, "silent-node", "alive-node");
        Assert.False(hints.Node("silent-node")!.Known);
        Assert.Equal(0, hints.Node("silent-node")!.Score);
        Assert.Equal(45 * MB, hints.Node("alive-node")!.PresentBytes);
        Assert.Equal(1, await Scrape.MetricAsync(coordinator.Http, "layercache_nodes_expired_total"));
        Assert.Equal(1, await Scrape.MetricAsync(coordinator.Http, "layercache_view_nodes"));
    }

    [Fact]
    public async Task UnknownImage_WithoutAWait_NeutralAtOnce_ThenResolvedFromItsRegistry_WithTheRightMissingBytes()
    {
        var builder = new OciImageBuilder(4242);
        var shared = builder.CreateLayer(60_000);
        var own = builder.CreateLayers(30_000, 20_000);
        var pushed = builder.CreateImage([shared, .. own]);
        var reference = registry.Reference("feed/unknown:v1");
        using (var push = registry.CreateClient())
        {
            await OciImageBuilder.PushAsync(push, reference, pushed);
        }

        using var client = await redis.ConnectAsync();
        await using var node = new SyntheticNode(client, Store, "resolve-node", 100e6);
        await node.HoldAsync(Image("docker.io/acme/holds-shared:1", shared.ToLayer()));
        node.StartHeartbeats();
        var settings = TestSettings.Coordinator(redis.Configuration, _prefix, registry.Host).With(("Coordinator:UnknownImageWait", "00:00:00"));
        await using var coordinator = await Replicas.StartAsync(settings);
        await Replicas.WaitForNodesAsync(coordinator, "resolve-node");

        var first = await HintsApi.GetAsync(coordinator.Http, reference.ToString(), "resolve-node");
        Assert.False(first.Resolved, first.Json);
        Assert.Equal(0, first.Node("resolve-node")!.Score);
        Assert.Equal(0, first.Node("resolve-node")!.PresentBytes);
        // Answered without waiting for the lookup (a wait is counted by its outcome), not by how long a busy machine took.
        Assert.Equal(0, await Scrape.MetricAsync(coordinator.Http, "layercache_unknown_image_waits_total{outcome=\"resolved\"}"));
        Assert.Equal(0, await Scrape.MetricAsync(coordinator.Http, "layercache_unknown_image_waits_total{outcome=\"timeout\"}"));

        var resolved = await Poll.ForAsync(
            () => HintsApi.GetAsync(coordinator.Http, reference.ToString(), "resolve-node")!,
            h => h.Resolved,
            TimeSpan.FromSeconds(10),
            "the image was not resolved in the background");
        var hint = resolved.Node("resolve-node")!;
        Assert.Equal(shared.SizeBytes, hint.PresentBytes);
        Assert.Equal(own.Sum(l => l.SizeBytes), hint.MissingBytes);
        Assert.True(hint.Score > 0, resolved.Json);

        // Resolved once for every replica: the catalog in Redis holds the same layers.
        var cataloged = await new ImageCatalog(client, Store).GetAsync(reference.ToString(), CancellationToken.None);
        Assert.NotNull(cataloged);
        Assert.Equal(pushed.Layers.Select(l => l.Digest), cataloged.Layers.Select(l => l.Digest));
        Assert.Equal(1, await Scrape.MetricAsync(coordinator.Http, "layercache_images_resolved_total{outcome=\"registry\"}"));
    }

    [Fact]
    public async Task ReferencesThatCannotResolve_StayNeutral_NothingCrashes()
    {
        using var client = await redis.ConnectAsync();
        await using var node = new SyntheticNode(client, Store, "failing-node", 100e6);
        await node.HoldAsync(Web);
        node.StartHeartbeats();
        await using var coordinator = await Replicas.StartAsync(TestSettings.Coordinator(redis.Configuration, _prefix, registry.Host));
        await Replicas.WaitForNodesAsync(coordinator, "failing-node");
        // One on the allowed registry that it does not hold, one on a host the coordinator may not contact.
        string[] failing = [registry.Reference("feed/never-pushed:v1").ToString(), "127.0.0.1:1/nobody/listens:v1"];

        foreach (var reference in failing)
        {
            var hints = await HintsApi.GetAsync(coordinator.Http, reference, "failing-node");
            Assert.False(hints.Resolved);
            Assert.Equal(0, hints.Node("failing-node")!.Score);
        }

        await Poll.UntilAsync(
            async () => await Scrape.MetricAsync(coordinator.Http, "layercache_images_resolved_total{outcome=\"failed\"}") == 1
                && await Scrape.MetricAsync(coordinator.Http, "layercache_images_resolved_total{outcome=\"not_allowed\"}") == 1,
            TimeSpan.FromSeconds(15),
            "the failures were not recorded");

        // Still serving: the failed references stay neutral, a known image still scores, and the resolver still runs.
        Assert.True(coordinator.Readiness.IsReady);
        Assert.False((await HintsApi.GetAsync(coordinator.Http, failing[0], "failing-node")).Resolved);
        var known = await HintsApi.GetAsync(coordinator.Http, Web.Reference, "failing-node");
        Assert.True(known.Resolved);
        Assert.Equal(10, known.Node("failing-node")!.Score);
        Assert.Equal(1, await Scrape.MetricAsync(coordinator.Http, "layercache_images_resolved_total{outcome=\"failed\"}"));
        Assert.Equal(1, await Scrape.MetricAsync(coordinator.Http, "layercache_images_resolved_total{outcome=\"not_allowed\"}"));
    }

    private ClusterStoreOptions Store => new() { KeyPrefix = _prefix };

    /// <summary>Waits until the coordinator's view of the node holds exactly the layers of its last published snapshot.</summary>
    private static async Task AssertViewEqualsAsync(CoordinatorHost coordinator, SyntheticNode node)
    {
        var expected = node.Snapshot.Images.SelectMany(i => i.Layers).DistinctBy(l => l.Digest).ToList();
        await Poll.UntilAsync(
            () => Task.FromResult(ViewLayers(coordinator, node.Name) is { } held && held.SetEquals(expected.Select(l => l.Digest))),
            TimeSpan.FromSeconds(12),
            $"the view of {node.Name} did not become its snapshot (sequence {node.Sequence})");
        Assert.True(coordinator.State.TryGetNode(node.Name, out var status));
        Assert.Equal(expected.Sum(l => l.SizeBytes), status.UsedBytes);
        Assert.Equal(node.Snapshot.Images.Count, status.Images);
    }

    private static HashSet<Digest>? ViewLayers(CoordinatorHost coordinator, string node)
    {
        using var read = coordinator.State.Read();
        var cache = read.View.Nodes.FirstOrDefault(n => n.Name == node);
        return cache is null ? null : [.. cache.Layers.Select(l => l.Digest)];
    }
}
