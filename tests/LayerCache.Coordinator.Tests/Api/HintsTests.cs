using System.Net;
using Grpc.Core;
using Grpc.Net.Client;
using LayerCache.Coordinator.Rpc;
using LayerCache.Coordinator.Tests.Support;

namespace LayerCache.Coordinator.Tests.Api;

/// <summary>GET /v1/hints and gRPC layercache.v1.Hints on the shop cluster.</summary>
public sealed class HintsTests() : ShopClusterTests(CoordinatorHost.RoundCosts)
{
    private GrpcChannel _channel = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _channel = GrpcChannel.ForAddress(Host.GrpcAddress);
    }

    public override async Task DisposeAsync()
    {
        _channel.Dispose();
        await base.DisposeAsync();
    }

    [Fact]
    public async Task Rest_AllNodes_BestFirstWithHandComputedNumbers()
    {
        using var json = await Host.Http.GetJsonAsync("/v1/hints?image=busybox:1.36&image=ghcr.io/acme/shop-api:2.4.1&image=envoyproxy/envoy:v1.29.1");
        var root = json.RootElement;

        Assert.True(root.GetProperty("resolved").GetBoolean());
        Assert.False(root.GetProperty("stale").GetBoolean());
        Assert.Equal(
            ["docker.io/library/busybox:1.36", "ghcr.io/acme/shop-api:2.4.1", "docker.io/envoyproxy/envoy:v1.29.1"],
            root.GetProperty("images").EnumerateArray().Select(i => i.GetProperty("normalized").GetString()));
        var nodes = root.GetProperty("nodes").EnumerateArray().ToList();
        Assert.Equal(["edge-a", "edge-c", "edge-e", "edge-b"], nodes.Select(n => n.GetProperty("node").GetString()));
        var a = nodes[0];
        Assert.Equal(90 * Layers.MB, a.GetProperty("presentBytes").GetInt64());
        Assert.Equal(10 * Layers.MB, a.GetProperty("missingBytes").GetInt64());
        Assert.Equal(0.35, a.GetProperty("estimatedPullSeconds").GetDouble(), precision: 9);
        Assert.Equal(1.65, a.GetProperty("rawScore").GetDouble(), precision: 9);
        Assert.Equal(8, a.GetProperty("score").GetInt32());
        Assert.Equal(0.65, nodes[2].GetProperty("estimatedPullSeconds").GetDouble(), precision: 9);
        Assert.Equal(2.0, nodes[3].GetProperty("estimatedPullSeconds").GetDouble(), precision: 9);
    }

    [Fact]
    public async Task RestAndGrpc_SameNumbers()
    {
        using var json = await Host.Http.GetJsonAsync("/v1/hints?image=busybox:1.36&image=ghcr.io/acme/shop-api:2.4.1&node=edge-e&node=edge-b&node=edge-a&node=edge-d");
        var client = new Rpc.Hints.HintsClient(_channel);

        var grpc = await client.ScoreAsync(new ScoreRequest { Images = { "busybox:1.36", "ghcr.io/acme/shop-api:2.4.1" }, Nodes = { "edge-e", "edge-b", "edge-a", "edge-d" } });

        var rest = json.RootElement.GetProperty("nodes").EnumerateArray().Select(n => (
            n.GetProperty("node").GetString(), n.GetProperty("known").GetBoolean(), n.GetProperty("presentBytes").GetInt64(),
            n.GetProperty("missingBytes").GetInt64(), n.GetProperty("estimatedPullSeconds").GetDouble(), n.GetProperty("score").GetInt32())).ToList();
        Assert.Equal(rest, grpc.Nodes.Select(n => ((string?)n.Node, n.Known, n.PresentBytes, n.MissingBytes, n.EstimatedPullSeconds, n.Score)));
        Assert.Equal(4, rest.Count);
        Assert.Equal(json.RootElement.GetProperty("resolved").GetBoolean(), grpc.Resolved);
        Assert.Equal(json.RootElement.GetProperty("stale").GetBoolean(), grpc.Stale);
    }

    [Fact]
    public async Task Rest_UnknownImage_ResolvedFalseNeutralScoresAndQueued()
    {
        using var json = await Host.Http.GetJsonAsync("/v1/hints?image=ghcr.io/acme/shop-api:2.4.1&image=registry.example.com:5000/team/worker");

        Assert.False(json.RootElement.GetProperty("resolved").GetBoolean());
        Assert.All(json.RootElement.GetProperty("nodes").EnumerateArray(), n => Assert.Equal(0, n.GetProperty("score").GetInt32()));
        Assert.True(Host.Demand.UnknownImages.TryRead(out var queued));
        Assert.Equal("registry.example.com:5000/team/worker:latest", queued);
    }

    [Theory]
    [InlineData("/v1/hints", "at least one image")]
    [InlineData("/v1/hints?image=&node=edge-a", "at least one image")]
    [InlineData("/v1/hints?image=Not%20An%20Image", "not a valid image reference")]
    public async Task Rest_BadQuery_400WithMessage(string path, string mentions)
    {
        using var response = await Host.Http.GetAsync(new Uri(path, UriKind.Relative));

        await ApiCalls.AssertErrorAsync(response, HttpStatusCode.BadRequest, mentions);
    }

    [Fact]
    public async Task Grpc_NoImage_InvalidArgument()
    {
        var client = new Rpc.Hints.HintsClient(_channel);

        var e = await Assert.ThrowsAsync<RpcException>(async () => await client.ScoreAsync(new ScoreRequest { Nodes = { "edge-a" } }));

        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
    }

    [Fact]
    public async Task Rest_ViewMarkedStale_SaysSoAndKeepsScoring()
    {
        Host.State.MarkStale("redis unreachable");

        using var json = await Host.Http.GetJsonAsync("/v1/hints?image=ghcr.io/acme/shop-api:2.4.1&node=edge-a");

        Assert.True(json.RootElement.GetProperty("stale").GetBoolean());
        Assert.True(json.RootElement.GetProperty("nodes")[0].GetProperty("score").GetInt32() > 0);
        var metrics = await Host.Http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Contains("layercache_view_stale 1\n", metrics, StringComparison.Ordinal);
        Assert.Contains("layercache_hint_requests_total{route=\"hints\",outcome=\"ok\"} 1\n", metrics, StringComparison.Ordinal);
    }
}
