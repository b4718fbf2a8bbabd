using LayerCache.Agent.Tests.Support;
using LayerCache.Cluster;
using LayerCache.Core.Model;
using LayerCache.Integration.Tests.Support;
using LayerCache.Testing.Redis;

namespace LayerCache.Integration.Tests.Nodes;

/// <summary>A real agent beside a real containerd and a coordinator on the same Redis: what the node holds reaches the hints, and orders reach the node.</summary>
/// <remarks>Runs against one Redis server and against a Redis Cluster: the nested classes.</remarks>
public abstract class AgentCoordinatorTests(NodeEnvironment environment, IRedisFixture redisFixture) : IAsyncLifetime
{
    private static readonly TimeSpan OrderTimeout = TimeSpan.FromSeconds(20);

    public sealed class OnRedis(ClusterNodeEnvironment environment)
        : AgentCoordinatorTests(environment, environment.Redis), IClassFixture<ClusterNodeEnvironment>;

    public sealed class OnRedisCluster(RedisClusterNodeEnvironment environment)
        : AgentCoordinatorTests(environment, environment.Redis), IClassFixture<RedisClusterNodeEnvironment>;

    public Task InitializeAsync() => ClusterRun.FlushAsync(redisFixture);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task CriPullOnTheNode_ShowsInTheCoordinatorsHints()
    {
        const string node = "pull-node";
        var (reference, image) = await environment.PushAsync("together/pulled:v1", environment.Layers(150_000, 60_000));
        await using var agent = await AgentHost.StartAsync(environment, ClusterRun.AgentSettings(redisFixture, node));
        await using var coordinator = await Replicas.StartAsync(TestSettings.Coordinator(redisFixture.Configuration).With(("Planner:Enabled", "false")));
        await Replicas.WaitForNodesAsync(coordinator, node);
        using var client = environment.Client();

        await client.PullImageAsync(reference);
        var hints = await Poll.ForAsync(
            () => HintsApi.GetAsync(coordinator.Http, reference, node)!,
            h => h.Resolved && h.Node(node)?.PresentBytes == ClusterRun.Bytes(image),
            TimeSpan.FromSeconds(30),
            "the pulled image did not reach the coordinator's hints");
        Assert.Equal(0, hints.Node(node)!.MissingBytes);
        Assert.Equal(10, hints.Node(node)!.Score);
        Assert.False(hints.Stale);
        await client.RemoveImageAsync(reference, CancellationToken.None);
    }

    [Fact]
    public async Task PrefetchLayersOrder_ReachesTheAgent_LayersLandInContainerd_AndInTheHints()
    {
        const string node = "order-node";
        var (reference, image) = await environment.PushAsync("together/ordered:v1", environment.Layers(120_000, 40_000));
        await using var agent = await AgentHost.StartAsync(environment, ClusterRun.AgentSettings(redisFixture, node));
        var settings = TestSettings.Coordinator(redisFixture.Configuration, plainHttpRegistry: environment.Registry.Host).With(("Planner:Enabled", "false"));
        await using var coordinator = await Replicas.StartAsync(settings);
        await Replicas.WaitForNodesAsync(coordinator, node);
        using var redis = await redisFixture.ConnectAsync();
        var queue = new OrderQueue(redis, new ClusterStoreOptions());
        using var client = environment.Client();
        Assert.All(image.Layers, l => Assert.Null(client.ContentInfoAsync(l.Digest, CancellationToken.None).Result));

        // What the planner appends for a node lacking an image's layers.
        var order = new PrefetchLayersOrder("prefetch-1", node, reference, image.Layers, DateTimeOffset.UtcNow);
        await queue.AppendAsync(order, CancellationToken.None);

        var outcome = await OutcomeAsync(queue, o => o.OrderId == order.Id);
        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.Equal(ClusterRun.Bytes(image), outcome.Bytes);
        await AssertInContentStoreAsync(client, image.Layers);
        Assert.Equal(0, await queue.PendingCountAsync(node, CancellationToken.None));

        // The prefetched blobs are in the node's inventory, so the coordinator (which resolves the image from its
        // registry, as no node holds it as an image) counts them present.
        await Poll.ForAsync(
            () => HintsApi.GetAsync(coordinator.Http, reference, node)!,
            h => h.Node(node)?.PresentBytes == ClusterRun.Bytes(image),
            TimeSpan.FromSeconds(30),
            "the prefetched layers did not reach the hints");
    }

    [Fact]
    public async Task Planner_ImagePopularInPodRequests_OrdersItsLayersOntoTheNodeLackingThem_TheyLandInContainerd()
    {
        const string lacking = "planned-node";
        const string holding = "holding-node";
        var (reference, image) = await environment.PushAsync("together/popular:v1", environment.Layers(100_000, 70_000));
        using var redis = await redisFixture.ConnectAsync();
        var store = new ClusterStoreOptions();
        await using var holder = new SyntheticNode(redis, store, holding, 100e6);
        await holder.HoldAsync(new ContainerImage(reference, image.Layers, image.ManifestDigest));
        holder.StartHeartbeats();
        // Signed by the coordinator and checked by the agent, as deploy/ has them: with one key both share.
        var keys = Directory.CreateTempSubdirectory("layercache-order-keys-").FullName;
        File.WriteAllText(Path.Combine(keys, "k1"), "0123456789abcdef0123456789abcdef");
        var agentSettings = ClusterRun.AgentSettings(redisFixture, lacking);
        agentSettings["Agent:OrderKeysDirectory"] = keys;
        await using var agent = await AgentHost.StartAsync(environment, agentSettings);
        var settings = TestSettings.Coordinator(redisFixture.Configuration).With(
            ("Planner:MinLayerRequests", "1"), ("Planner:MinRequestsPerReplica", "1"), ("Planner:OrderKeysDirectory", keys));
        await using var coordinator = await Replicas.StartAsync(settings);
        await Replicas.WaitForNodesAsync(coordinator, lacking, holding);
        using var client = environment.Client();

        // Four pods ask for the image; each counts once, whichever replica the scheduler asked.
        for (var pod = 0; pod < 4; pod++)
        {
            var scores = await HintsApi.PrioritizeAsync(coordinator.Http, $"popular-pod-{pod}", [reference], [holding, lacking]);
            Assert.Equal([(holding, 10), (lacking, 0)], scores);
        }

        var outcome = await OutcomeAsync(new OrderQueue(redis, store), o => o.Node == lacking && o.Kind == OrderKind.PrefetchLayers);
        Assert.True(outcome.Succeeded, outcome.Error);
        await AssertInContentStoreAsync(client, image.Layers);
        Assert.True(await Scrape.MetricAsync(coordinator.Http, "layercache_orders_issued_total{kind=\"prefetch_layers\"}") >= 1);
        Assert.Equal(0, await Scrape.MetricAsync(agent.Http, "layercache_orders_refused_total{reason=\"signature\"}"));
        Directory.Delete(keys, recursive: true);
        Assert.False(await redis.GetDatabase().KeyExistsAsync($"lc:{{node:{holding}}}:orders"), "the node holding the layers got an order");
        await Poll.ForAsync(
            () => HintsApi.GetAsync(coordinator.Http, reference, lacking)!,
            h => h.Node(lacking)?.PresentBytes == ClusterRun.Bytes(image),
            TimeSpan.FromSeconds(30),
            "the planned layers did not reach the hints");
    }

    private static Task<OrderOutcome> OutcomeAsync(OrderQueue queue, Func<OrderOutcome, bool> match) =>
        Poll.ForAsync(
            async () => (await queue.ReadOutcomesAsync("0", 1000, CancellationToken.None)).Outcomes.FirstOrDefault(match),
            _ => true,
            OrderTimeout,
            "no outcome of the order");

    private static async Task AssertInContentStoreAsync(LayerCache.Containerd.ContainerdClient client, IReadOnlyList<Layer> layers)
    {
        foreach (var layer in layers)
        {
            var info = await client.ContentInfoAsync(layer.Digest, CancellationToken.None);
            Assert.NotNull(info);
            Assert.Equal(layer.SizeBytes, info.SizeBytes);
        }
    }
}
