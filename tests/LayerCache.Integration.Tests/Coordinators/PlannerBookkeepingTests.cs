using LayerCache.Cluster;
using LayerCache.Core.Model;
using LayerCache.Integration.Tests.Support;
using LayerCache.Testing.Redis;
using StackExchange.Redis;
using static LayerCache.Coordinator.Tests.Support.Layers;

namespace LayerCache.Integration.Tests.Coordinators;

/// <summary>The planner's memory of what it ordered stays bounded when outcomes never come.</summary>
/// <remarks>Runs against one Redis server and against a Redis Cluster: the nested classes.</remarks>
public abstract class PlannerBookkeepingTests(IRedisFixture redis)
{
    public sealed class OnRedis(RedisFixture server) : PlannerBookkeepingTests(server), IClassFixture<RedisFixture>;

    public sealed class OnRedisCluster(RedisClusterFixture cluster)
        : PlannerBookkeepingTests(cluster), IClassFixture<RedisClusterFixture>;

    private static readonly ContainerImage Popular = Image("docker.io/acme/popular:1", Of("popular-base", 20 * MB), Of("popular-app", 4 * MB));

    [Fact]
    public async Task OrdersWhoseOutcomesAreLost_AreForgottenAfterTheOrderTimeout_TheCountStaysBounded()
    {
        var prefix = "pb" + Guid.NewGuid().ToString("N")[..8];
        var store = new ClusterStoreOptions { KeyPrefix = prefix };
        using var client = await redis.ConnectAsync();
        await using var holder = new SyntheticNode(client, store, "holding-node", 100e6);
        await using var lacking = new SyntheticNode(client, store, "lacking-node", 100e6);
        await holder.HoldAsync(Popular);
        await lacking.HoldAsync();
        holder.StartHeartbeats();
        lacking.StartHeartbeats();
        var settings = TestSettings.Coordinator(redis.Configuration, prefix).With(
            ("Planner:MinLayerRequests", "1"), ("Planner:MinRequestsPerReplica", "1"), ("Planner:OrderTimeout", "00:00:01"));
        await using var coordinator = await Replicas.StartAsync(settings);
        await Replicas.WaitForNodesAsync(coordinator, "holding-node", "lacking-node");
        for (var pod = 0; pod < 4; pod++)
        {
            await HintsApi.PrioritizeAsync(coordinator.Http, $"pod-{pod}", [Popular.Reference], ["holding-node", "lacking-node"]);
        }

        // The lacking node takes each order off its stream and never reports an outcome, as an agent that crashed
        // after acknowledging would; the planner orders the layers again once OrderTimeout has passed.
        var queue = new OrderQueue(client, store);
        var orders = (RedisKey)$"{prefix}:{{node:lacking-node}}:orders";
        var issued = 0.0;
        var mostTracked = 0.0;
        await Poll.UntilAsync(
            async () =>
            {
                foreach (var delivery in await queue.ReadAsync("lacking-node", 10, CancellationToken.None))
                {
                    await client.GetDatabase().StreamAcknowledgeAsync(orders, "agents", delivery.StreamId);
                }

                issued = await Scrape.MetricAsync(coordinator.Http, "layercache_orders_issued_total{kind=\"prefetch_layers\"}") ?? 0;
                mostTracked = Math.Max(mostTracked, await Scrape.MetricAsync(coordinator.Http, "layercache_planner_tracked_orders") ?? 0);
                return issued >= 8;
            },
            TimeSpan.FromSeconds(90),
            "the planner did not order the layers again after each timeout",
            delayMs: 100);

        Assert.InRange(mostTracked, 1, 2);
    }
}
