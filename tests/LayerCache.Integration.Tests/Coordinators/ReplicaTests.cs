using System.Diagnostics;
using LayerCache.Cluster;
using LayerCache.Coordinator.Tests.Support;
using LayerCache.Core.Model;
using LayerCache.Integration.Tests.Support;
using LayerCache.Testing.Redis;
using static LayerCache.Coordinator.Tests.Support.Layers;

namespace LayerCache.Integration.Tests.Coordinators;

/// <summary>Two coordinator replicas on one real Redis: the same answers, and one planner that moves when its leader dies.</summary>
/// <remarks>Runs against one Redis server and against a Redis Cluster: the nested classes.</remarks>
public abstract class ReplicaTests(IRedisFixture redis)
{
    public sealed class OnRedis(RedisFixture server) : ReplicaTests(server), IClassFixture<RedisFixture>;

    public sealed class OnRedisCluster(RedisClusterFixture cluster)
        : ReplicaTests(cluster), IClassFixture<RedisClusterFixture>;

    private static readonly Layer Base = Of("base", 50 * MB);
    private static readonly Layer Runtime = Of("runtime", 30 * MB);
    private static readonly Layer App = Of("app-2", 8 * MB);
    private static readonly Layer OldApp = Of("app-1", 7 * MB);
    private static readonly Layer Envoy = Of("envoy", 10 * MB);
    private static readonly ContainerImage Api = Image("ghcr.io/acme/api:2", Base, Runtime, App);
    private static readonly ContainerImage OldApi = Image("ghcr.io/acme/api:1", Base, Runtime, OldApp);
    private static readonly ContainerImage Proxy = Image("docker.io/envoyproxy/envoy:v1", Envoy);
    private static readonly ContainerImage Database = Image("docker.io/library/postgres:16", Of("pg", 60 * MB));

    /// <summary>Observed takeover times also include one metrics scrape and the replica's own round of work.</summary>
    private static readonly TimeSpan ScrapeAllowance = TimeSpan.FromMilliseconds(300);

    // How long a take-over may take on a loaded machine: the lock's expiry and a planner round, with room for a
    // replica that starts slowly; what the tests check is that no one leads before the lock expires.
    private static readonly TimeSpan TakeOverCeiling = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task TwoReplicas_SameRedis_SameHintsAndSameExtenderScores()
    {
        var prefix = NewPrefix();
        using var client = await redis.ConnectAsync();
        var store = new ClusterStoreOptions { KeyPrefix = prefix };
        await using var a = new SyntheticNode(client, store, "edge-a", 100e6);
        await using var b = new SyntheticNode(client, store, "edge-b", 25e6);
        await using var c = new SyntheticNode(client, store, "edge-c", 100e6);
        await a.HoldAsync(OldApi, Proxy);
        await b.HoldAsync(OldApi, Proxy);
        await c.HoldAsync(Database, Api);
        foreach (var node in new[] { a, b, c })
        {
            node.StartHeartbeats();
        }

        var settings = TestSettings.Coordinator(redis.Configuration, prefix).With(CoordinatorHost.RoundCosts.Select(kv => (kv.Key, kv.Value)).ToArray());
        await using var first = await Replicas.StartAsync(settings);
        await using var second = await Replicas.StartAsync(settings);
        string[] images = ["ghcr.io/acme/api:2", "envoyproxy/envoy:v1"];
        string[] nodes = ["edge-c", "edge-b", "edge-a", "edge-unknown"];

        // Both views have every node with its inventory once edge-a shows what it holds on both.
        foreach (var replica in new[] { first, second })
        {
            await Poll.ForAsync(
                () => HintsApi.GetAsync(replica.Http, images, nodes)!,
                h => h.Resolved && h.Node("edge-a")?.PresentBytes == 90 * MB && h.Node("edge-c")?.PresentBytes == 88 * MB && h.Node("edge-b")?.Known == true,
                TimeSpan.FromSeconds(10),
                "a replica did not see the published nodes");
        }

        var firstHints = await HintsApi.GetAsync(first.Http, images, nodes);
        var secondHints = await HintsApi.GetAsync(second.Http, images, nodes);
        var firstScores = await HintsApi.PrioritizeAsync(first.Http, "pod-1", images, nodes);
        var secondScores = await HintsApi.PrioritizeAsync(second.Http, "pod-1", images, nodes);

        Assert.Equal(firstHints.Nodes, secondHints.Nodes);
        Assert.Equal(firstScores, secondScores);
        Assert.False(firstHints.Stale);
        Assert.False(secondHints.Stale);

        // The numbers are computed by hand (100 MB/s, 200 MB/s unpack, 0.1 s a layer; cold: 4 layers, 98 MB = 1.87 s):
        // the views are really fed, not two empty views agreeing.
        Assert.Equal(["edge-a", "edge-c", "edge-b", "edge-unknown"], firstHints.Nodes.Select(n => n.Node));
        Assert.Equal((90 * MB, 8 * MB), (firstHints.Node("edge-a")!.PresentBytes, firstHints.Node("edge-a")!.MissingBytes));
        Assert.Equal(0.22, firstHints.Node("edge-a")!.EstimatedPullSeconds, 9);
        Assert.Equal(0.25, firstHints.Node("edge-c")!.EstimatedPullSeconds, 9);
        Assert.Equal(0.22 + (8 * ((1 / 25.0) - (1 / 100.0))), firstHints.Node("edge-b")!.EstimatedPullSeconds, 9);
        Assert.False(firstHints.Node("edge-unknown")!.Known);
        Assert.Equal([("edge-c", 9), ("edge-b", 8), ("edge-a", 9), ("edge-unknown", 0)], firstScores);
    }

    [Fact]
    public async Task LeaderStoppedGracefully_ReleasesTheLock_OtherLeadsWithinOneInterval()
    {
        var settings = TestSettings.Coordinator(redis.Configuration, NewPrefix());
        var leader = await Replicas.StartAsync(settings);
        try
        {
            await Poll.UntilAsync(() => Replicas.IsLeaderAsync(leader.Http), TakeOverCeiling, "the first replica did not take the lock");
            await using var follower = await Replicas.StartAsync(settings);
            await AssertFollowsAsync(follower, leader);

            var stopped = Stopwatch.StartNew();
            await leader.DisposeAsync();
            await Poll.UntilAsync(() => Replicas.IsLeaderAsync(follower.Http), TestSettings.LockExpiry + TestSettings.PlannerInterval, "the other replica did not take over");

            // Without the release the lock would still be held for up to LockExpiry - Interval after the last renewal.
            Assert.True(
                stopped.Elapsed < TestSettings.LockExpiry - TestSettings.PlannerInterval,
                $"took {stopped.Elapsed.TotalMilliseconds:F0} ms: the stopped leader did not release its lock");
        }
        finally
        {
            await leader.DisposeAsync();
        }
    }

    [Fact]
    public async Task LeaderProcessKilled_LockExpires_OtherLeadsWithinExpiryPlusOneInterval()
    {
        var settings = TestSettings.Coordinator(redis.Configuration, NewPrefix());
        await using var crashing = await CoordinatorProcess.StartAsync(settings);
        await Poll.UntilAsync(() => Replicas.IsLeaderAsync(crashing.Http), TakeOverCeiling, "the process did not take the lock");
        await using var follower = await Replicas.StartAsync(settings);
        await AssertFollowsAsync(follower, leaderHttp: crashing.Http);

        var killed = Stopwatch.StartNew();
        await crashing.KillAsync();
        await Poll.UntilAsync(
            () => Replicas.IsLeaderAsync(follower.Http),
            TakeOverCeiling,
            "the other replica did not take over from the killed leader");

        // Nobody released the lock: it had to expire, at most one interval after the dead leader's last renewal.
        Assert.True(
            killed.Elapsed >= TestSettings.LockExpiry - TestSettings.PlannerInterval - ScrapeAllowance,
            $"took over after {killed.Elapsed.TotalMilliseconds:F0} ms, before the lock could have expired");
    }

    [Fact]
    public async Task LockHeldByAReplicaThatNeverRenews_NoOneLeadsUntilItExpires_ThenAReplicaDoes()
    {
        var prefix = NewPrefix();
        using var client = await redis.ConnectAsync();
        var crashed = new LeaderLock(client, new ClusterStoreOptions { KeyPrefix = prefix }, "crashed-replica", TestSettings.LockExpiry);
        Assert.True(await crashed.TryAcquireOrRenewAsync(CancellationToken.None));
        var held = Stopwatch.StartNew();

        await using var replica = await Replicas.StartAsync(TestSettings.Coordinator(redis.Configuration, prefix));
        while (!await Replicas.IsLeaderAsync(replica.Http))
        {
            Assert.True(held.Elapsed < TakeOverCeiling, "the replica never took the expired lock");
            await Task.Delay(20);
        }

        Assert.True(held.Elapsed >= TestSettings.LockExpiry, $"the replica led {held.Elapsed.TotalMilliseconds:F0} ms after another took the lock");
        Assert.Equal("crashed-replica", crashed.Owner);
        Assert.NotEqual("crashed-replica", await crashed.HolderAsync(CancellationToken.None));
        Assert.False(await crashed.TryAcquireOrRenewAsync(CancellationToken.None));
    }

    private static string NewPrefix() => "it" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>The follower does not lead while the leader lives: checked over three of its rounds.</summary>
    private static async Task AssertFollowsAsync(CoordinatorHost follower, CoordinatorHost? leader = null, HttpClient? leaderHttp = null)
    {
        var http = leaderHttp ?? leader!.Http;
        var watched = Stopwatch.StartNew();
        while (watched.Elapsed < TestSettings.PlannerInterval * 3)
        {
            Assert.Equal(0, await Scrape.MetricAsync(follower.Http, "layercache_planner_leader"));
            Assert.True(await Replicas.IsLeaderAsync(http));
            await Task.Delay(50);
        }
    }
}
