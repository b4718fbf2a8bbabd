using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LayerCache.Cluster;
using LayerCache.Core.Model;
using LayerCache.Integration.Tests.Support;
using LayerCache.Testing.Redis;
using static LayerCache.Coordinator.Tests.Support.Layers;

namespace LayerCache.Integration.Tests.Coordinators;

/// <summary>
/// POST /v1/prefetch and GET /v1/orders on real Redis: an operator's prefetch becomes a signed order on the node's
/// stream with the layers it lacks, and the orders list shows it pending, then with the outcome the node reports.
/// </summary>
/// <remarks>Runs against one Redis server and against a Redis Cluster: the nested classes.</remarks>
public abstract class OperatorOrdersTests(IRedisFixture redis)
{
    public sealed class OnRedis(RedisFixture server) : OperatorOrdersTests(server), IClassFixture<RedisFixture>;

    public sealed class OnRedisCluster(RedisClusterFixture cluster)
        : OperatorOrdersTests(cluster), IClassFixture<RedisClusterFixture>;

    private static readonly ContainerImage Shop = Image("docker.io/acme/shop:3", Of("op-base", 20 * MB), Of("op-app", 4 * MB));

    [Fact]
    public async Task Prefetch_OrdersTheMissingLayers_SignedOnTheNodesStream_OrdersShowPendingThenTheOutcome()
    {
        var prefix = "oo" + Guid.NewGuid().ToString("N")[..8];
        var store = new ClusterStoreOptions { KeyPrefix = prefix };
        var keys = Directory.CreateTempSubdirectory("layercache-order-keys-").FullName;
        File.WriteAllText(Path.Combine(keys, "k1"), "0123456789abcdef0123456789abcdef");
        using var client = await redis.ConnectAsync();
        await using var holder = new SyntheticNode(client, store, "op-holder", 100e6);
        await using var half = new SyntheticNode(client, store, "op-half", 100e6);
        await holder.HoldAsync(Shop);
        await half.HoldAsync(Image("docker.io/acme/base-only:1", Shop.Layers[0]));
        holder.StartHeartbeats();
        half.StartHeartbeats();
        var settings = TestSettings.Coordinator(redis.Configuration, prefix).With(("Planner:Enabled", "false"), ("Planner:OrderKeysDirectory", keys));
        await using var coordinator = await Replicas.StartAsync(settings);
        await Replicas.WaitForNodesAsync(coordinator, "op-holder", "op-half");

        using var response = await coordinator.Http.PostAsJsonAsync(new Uri("/v1/prefetch", UriKind.Relative), new { images = new[] { "acme/shop:3" }, all = true });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var result = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var order = Assert.Single(result.RootElement.GetProperty("orders").EnumerateArray());
        var id = order.GetProperty("id").GetString()!;
        Assert.Equal("op-half", order.GetProperty("node").GetString());
        Assert.Equal("PrefetchLayers", order.GetProperty("kind").GetString());
        Assert.Equal([Shop.Layers[1].Digest.Value], order.GetProperty("layers").EnumerateArray().Select(l => l.GetString()));
        Assert.Equal(4 * MB, order.GetProperty("bytes").GetInt64());
        Assert.Equal("pending", order.GetProperty("status").GetString());
        var skipped = Assert.Single(result.RootElement.GetProperty("skipped").EnumerateArray());
        Assert.Equal("op-holder", skipped.GetProperty("node").GetString());
        Assert.Equal(1, await Scrape.MetricAsync(coordinator.Http, "layercache_orders_issued_total{kind=\"prefetch_layers\"}"));

        // On the node's stream, signed with the planner's key: an agent with the same key accepts it.
        var agentSide = new OrderQueue(client, store, orderKeys: OrderKeys.Load(keys, null, signs: false, TimeProvider.System));
        var delivery = Assert.Single(await agentSide.ReadAsync("op-half", 10, CancellationToken.None));
        Assert.Equal(id, delivery.Order.Id);
        Assert.Null(delivery.Refusal);
        Assert.Contains("operator", delivery.Order.Reason, StringComparison.Ordinal);

        using (var pending = await OrdersAsync(coordinator.Http, $"/v1/orders?id={id}"))
        {
            var listed = Assert.Single(pending.RootElement.GetProperty("orders").EnumerateArray());
            Assert.Equal("pending", listed.GetProperty("status").GetString());
            Assert.Equal(JsonValueKind.Null, listed.GetProperty("outcome").ValueKind);
            Assert.Contains("operator", listed.GetProperty("reason").GetString(), StringComparison.Ordinal);
        }

        await agentSide.CompleteAsync(delivery, new OrderOutcome(id, "op-half", OrderKind.PrefetchLayers, true, 4 * MB, 0.5, null, DateTimeOffset.UtcNow), CancellationToken.None);

        using var done = await OrdersAsync(coordinator.Http, "/v1/orders?node=op-half");
        var completed = Assert.Single(done.RootElement.GetProperty("orders").EnumerateArray());
        Assert.Equal("succeeded", completed.GetProperty("status").GetString());
        Assert.Equal(4 * MB, completed.GetProperty("outcome").GetProperty("bytes").GetInt64());
        Assert.Equal(JsonValueKind.Null, done.RootElement.GetProperty("error").ValueKind);
        Directory.Delete(keys, recursive: true);
    }

    [Fact]
    public async Task Prefetch_ImageNoRegistryKnows_404NamingIt()
    {
        var prefix = "oo" + Guid.NewGuid().ToString("N")[..8];
        var store = new ClusterStoreOptions { KeyPrefix = prefix };
        using var client = await redis.ConnectAsync();
        await using var node = new SyntheticNode(client, store, "op-node", 100e6);
        await node.HoldAsync();
        node.StartHeartbeats();
        await using var coordinator = await Replicas.StartAsync(TestSettings.Coordinator(redis.Configuration, prefix).With(("Planner:Enabled", "false")));
        await Replicas.WaitForNodesAsync(coordinator, "op-node");

        // A registry that is not allowed (no node holds an image from it) is never contacted: unresolved at once.
        using var response = await coordinator.Http.PostAsJsonAsync(new Uri("/v1/prefetch", UriKind.Relative), new { images = new[] { "registry.invalid/acme/none:1" }, nodes = new[] { "op-node" } });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains("registry.invalid/acme/none:1", json.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    private static async Task<JsonDocument> OrdersAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    }
}
