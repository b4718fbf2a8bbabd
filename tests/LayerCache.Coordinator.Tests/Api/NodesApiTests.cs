using System.Net;
using System.Text.Json;
using LayerCache.Coordinator.Tests.Support;
using LayerCache.Core.Inventory;
using static LayerCache.Coordinator.Tests.Support.Layers;
using static LayerCache.Coordinator.Tests.Support.ShopCluster;

namespace LayerCache.Coordinator.Tests.Api;

/// <summary>GET /v1/nodes and /v1/nodes/{name} on the shop cluster.</summary>
public sealed class NodesApiTests() : ShopClusterTests(CoordinatorHost.RoundCosts)
{
    [Fact]
    public async Task Nodes_EveryNodeByName_WithBudgetUseAndState()
    {
        var at = DateTimeOffset.UtcNow;
        Host.State.UpsertNode("edge-quiet", 1_000 * MB, 0.9, 0.8, 100e6, at - TimeSpan.FromMinutes(1), reportedSequence: 3, evictionPolicy: "Gdsf");
        Host.State.ApplyInventory("edge-quiet", Holding(EnvoyImage), sequence: 3);
        Host.State.UpsertNode("edge-behind", 1_000 * MB, 0.9, 0.8, 100e6, at, reportedSequence: 9, evictionPolicy: "Lru");
        Host.State.ApplyInventory("edge-behind", Holding(EnvoyImage), sequence: 8);

        using var json = await Host.Http.GetJsonAsync("/v1/nodes");

        var root = json.RootElement;
        Assert.False(root.GetProperty("stale").GetBoolean());
        var nodes = root.GetProperty("nodes").EnumerateArray().ToDictionary(n => n.GetProperty("node").GetString()!);
        Assert.Equal(["edge-a", "edge-b", "edge-behind", "edge-c", "edge-e", "edge-quiet"], nodes.Keys);
        var a = nodes["edge-a"];
        Assert.True(a.GetProperty("ready").GetBoolean());
        Assert.False(a.GetProperty("stale").GetBoolean());
        Assert.Equal(20_000 * MB, a.GetProperty("capacityBytes").GetInt64());
        Assert.Equal(97 * MB, a.GetProperty("usedBytes").GetInt64());
        Assert.Equal(4, a.GetProperty("layers").GetInt32());
        Assert.Equal(2, a.GetProperty("images").GetInt32());
        Assert.Equal(100e6, a.GetProperty("bandwidthBytesPerSecond").GetDouble());
        Assert.InRange(a.GetProperty("heartbeatAgeSeconds").GetDouble(), 0, 60);
        Assert.Equal(JsonValueKind.String, a.GetProperty("lastHeartbeat").ValueKind);

        // Not heard from within Store:NodeStaleAfter: stale, so not ready, though its inventory is current.
        Assert.True(nodes["edge-quiet"].GetProperty("stale").GetBoolean());
        Assert.False(nodes["edge-quiet"].GetProperty("ready").GetBoolean());
        Assert.Equal("Gdsf", nodes["edge-quiet"].GetProperty("evictionPolicy").GetString());

        // Heard from, but the view holds an older inventory than the node reported: not ready until it catches up.
        var behind = nodes["edge-behind"];
        Assert.False(behind.GetProperty("stale").GetBoolean());
        Assert.False(behind.GetProperty("ready").GetBoolean());
        Assert.Equal(8, behind.GetProperty("inventorySequence").GetInt64());
        Assert.Equal(9, behind.GetProperty("reportedSequence").GetInt64());
    }

    [Fact]
    public async Task Nodes_ViewStale_EveryNodeStaleAndTheReasonGiven()
    {
        Host.State.MarkStale("redis: connection refused");

        using var json = await Host.Http.GetJsonAsync("/v1/nodes");

        Assert.True(json.RootElement.GetProperty("stale").GetBoolean());
        Assert.Equal("redis: connection refused", json.RootElement.GetProperty("staleReason").GetString());
        Assert.All(json.RootElement.GetProperty("nodes").EnumerateArray(), n => Assert.False(n.GetProperty("ready").GetBoolean()));
    }

    [Fact]
    public async Task Node_HoldingsByKeepValue_AndThePolicysEvictionOrder()
    {
        using var json = await Host.Http.GetJsonAsync("/v1/nodes/edge-a");

        var root = json.RootElement;
        Assert.Equal("edge-a", root.GetProperty("node").GetProperty("node").GetString());
        var images = root.GetProperty("images").EnumerateArray().ToList();
        Assert.Equal(
            ["docker.io/envoyproxy/envoy:v1.29.1", "ghcr.io/acme/shop-api:2.4.0"],
            images.Select(i => i.GetProperty("reference").GetString()).Order(StringComparer.Ordinal));
        Assert.True(images[0].GetProperty("keepValue").GetDouble() >= images[1].GetProperty("keepValue").GetDouble());
        var layers = root.GetProperty("layers").EnumerateArray().ToList();
        Assert.Equal(4, layers.Count);
        Assert.All(layers, l => Assert.Equal("Unpacked", l.GetProperty("state").GetString()));
        Assert.Equal(97 * MB, layers.Sum(l => l.GetProperty("sizeBytes").GetInt64()));

        // Far under its high watermark: nothing goes now, and both images are next in line, freeing all 97 MB.
        var eviction = root.GetProperty("eviction");
        Assert.Equal("lru", eviction.GetProperty("policy").GetString());
        Assert.False(eviction.GetProperty("overHighWatermark").GetBoolean());
        Assert.Empty(eviction.GetProperty("now").EnumerateArray());
        var first = eviction.GetProperty("first").EnumerateArray().ToList();
        Assert.Equal([1, 2], first.Select(v => v.GetProperty("rank").GetInt32()));
        Assert.All(first, v => Assert.Equal("image", v.GetProperty("kind").GetString()));
        Assert.Equal(97 * MB, first[1].GetProperty("freedBytesSoFar").GetInt64());
    }

    [Fact]
    public async Task Node_OverItsHighWatermark_EvictsWhatNoContainerUses_DownToTheLowOne()
    {
        // 97 MB of 100: over 90%. Envoy runs in a container, so only the old shop-api (87 MB of its own) may go.
        Host.State.UpsertNode("edge-full", 100 * MB, 0.9, 0.5, 100e6, DateTimeOffset.UtcNow, evictionPolicy: "Lfu");
        Host.State.ApplyInventory("edge-full", new InventorySnapshot([OldShopApi, EnvoyImage], [EnvoyImage.Reference], []));

        using var json = await Host.Http.GetJsonAsync("/v1/nodes/edge-full");

        var eviction = json.RootElement.GetProperty("eviction");
        Assert.Equal("lfu", eviction.GetProperty("policy").GetString());
        Assert.True(eviction.GetProperty("overHighWatermark").GetBoolean());
        Assert.Equal(50 * MB, eviction.GetProperty("lowWatermarkBytes").GetInt64());
        var now = Assert.Single(eviction.GetProperty("now").EnumerateArray());
        Assert.Equal("ghcr.io/acme/shop-api:2.4.0", now.GetProperty("name").GetString());
        Assert.Equal(87 * MB, now.GetProperty("freedBytes").GetInt64());
        var envoy = json.RootElement.GetProperty("images").EnumerateArray().Single(i => i.GetProperty("reference").GetString() == EnvoyImage.Reference);
        Assert.True(envoy.GetProperty("inUse").GetBoolean());
    }

    [Theory]
    [InlineData("/v1/nodes/edge-zz", "edge-zz")]
    [InlineData("/v1/orders?node=edge-zz", "edge-zz")]
    public async Task UnknownNode_404NamingIt(string path, string mentions)
    {
        using var response = await Host.Http.GetAsync(new Uri(path, UriKind.Relative));

        await ApiCalls.AssertErrorAsync(response, HttpStatusCode.NotFound, mentions);
    }
}
