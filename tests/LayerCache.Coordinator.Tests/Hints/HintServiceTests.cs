using LayerCache.Coordinator.Hints;
using LayerCache.Coordinator.View;
using LayerCache.Hosting.Health;
using LayerCache.Hosting.Metrics;
using Microsoft.Extensions.Options;
using static LayerCache.Coordinator.Tests.Support.ShopCluster;

namespace LayerCache.Coordinator.Tests.Hints;

/// <summary>HintService in process on a view of 1,000 nodes: what a call allocates and who may read its scores.</summary>
public sealed class HintServiceTests : IDisposable
{
    private const int NodeCount = 1_000;

    private static readonly string[] Pod = ["ghcr.io/acme/shop-api:2.4.1", "envoyproxy/envoy:v1.29.1"];

    private readonly ClusterState _state;
    private readonly HintService _hints;
    private readonly string[] _names = [.. Enumerable.Range(0, NodeCount).Select(i => $"node-{i:D4}")];

    public HintServiceTests()
    {
        var options = Options.Create(new CoordinatorOptions());
        var metrics = new CoordinatorMetrics(new MetricRegistry());
        _state = new ClusterState(options, TimeProvider.System, metrics, new Readiness());
        var at = DateTimeOffset.UtcNow;
        for (var i = 0; i < NodeCount; i++)
        {
            _state.UpsertNode(_names[i], 20_000 * Support.Layers.MB, 0.9, 0.8, 100e6, at);
            _state.ApplyInventory(_names[i], (i % 3) switch
            {
                0 => Holding(OldShopApi, EnvoyImage),
                1 => Holding(Postgres),
                _ => Holding(EnvoyImage),
            });
        }

        _state.SetImage(ShopApi);
        _state.MarkSynced(at);
        _hints = new HintService(_state, new LocalImageDemand(options, TimeProvider.System, metrics), options, metrics);
    }

    public void Dispose() => _state.Dispose();

    [Fact]
    public void Score_TenTimesTheNodes_AllocatesTheSameBytesPerCall()
    {
        var few = _names[..(NodeCount / 10)];

        var forFew = BytesPerCall(few);
        var forAll = BytesPerCall(_names);

        Assert.True(forFew > 0, "a call allocates its images and the scores object");
        Assert.Equal(forFew, forAll);
    }

    [Fact]
    public void Score_AnswersEveryNodeInTheOrderAsked()
    {
        string[] asked = ["node-0002", "node-0000", "not-a-node", "node-0001"];

        using var scores = _hints.Score(Pod, asked);

        Assert.True(scores.Resolved);
        Assert.Equal(asked, scores.Nodes.ToArray().Select(n => n.Node));
        Assert.Equal([true, true, false, true], scores.Nodes.ToArray().Select(n => n.Known));
        Assert.True(scores.Nodes[1].Score > scores.Nodes[0].Score, "node-0000 holds the base, runtime and envoy; node-0002 envoy only");
        Assert.Equal(0, scores.Nodes[2].Score);
    }

    [Fact]
    public void Score_EveryNode_SortBestFirstPutsTheFullestFirst()
    {
        using var scores = _hints.Score(Pod, nodes: null);

        scores.SortBestFirst();

        Assert.Equal(NodeCount, scores.Count);
        Assert.Equal("node-0000", scores.Nodes[0].Node);
        Assert.Equal(scores.Nodes.ToArray().OrderByDescending(n => n.Score).Select(n => n.Score), scores.Nodes.ToArray().Select(n => n.Score));
    }

    [Fact]
    public void Dispose_ThenNodes_ThrowsAndASecondDisposeDoesNothing()
    {
        var scores = _hints.Score(Pod, _names);

        scores.Dispose();
        scores.Dispose();

        Assert.Throws<ObjectDisposedException>(() => scores.Nodes.Length);
        Assert.Throws<ObjectDisposedException>(scores.SortBestFirst);
    }

    [Fact]
    public void ToResult_KeepsItsNodesAfterTheBufferIsReusedByAnotherCall()
    {
        HintResult result;
        using (var scores = _hints.Score(Pod, _names[..3]))
        {
            result = scores.ToResult();
        }

        using var other = _hints.Score(["docker.io/library/postgres:16"], _names[..3].Reverse().ToArray());

        Assert.Equal(["node-0000", "node-0001", "node-0002"], result.Nodes.Select(n => n.Node));
        Assert.True(result.Nodes[0].Score > 0);
        Assert.Equal("node-0002", other.Nodes[0].Node);
    }

    /// <summary>
    /// The least of a few rounds: a one-off allocation the runtime makes on this thread in one round (a pool growing,
    /// the first call of something after a tier-up) is not the call's own.
    /// </summary>
    private long BytesPerCall(string[] nodes)
    {
        const int Calls = 20;
        const int Rounds = 5;
        for (var i = 0; i < Calls; i++)
        {
            _hints.Score(Pod, nodes).Dispose();
        }

        var least = long.MaxValue;
        for (var round = 0; round < Rounds; round++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < Calls; i++)
            {
                _hints.Score(Pod, nodes).Dispose();
            }

            least = Math.Min(least, (GC.GetAllocatedBytesForCurrentThread() - before) / Calls);
        }

        return least;
    }
}
