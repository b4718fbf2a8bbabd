using LayerCache.Coordinator.Tests.Support;
using LayerCache.Coordinator.View;
using LayerCache.Core.Inventory;
using LayerCache.Core.Model;
using LayerCache.Hosting.Health;
using LayerCache.Hosting.Metrics;
using Microsoft.Extensions.Options;
using static LayerCache.Coordinator.Tests.Support.ShopCluster;

namespace LayerCache.Coordinator.Tests.View;

public sealed class ClusterStateTests : IDisposable
{
    private readonly MetricRegistry _registry = new();
    private readonly Readiness _readiness = new();
    private readonly ClusterState _state;

    public ClusterStateTests() =>
        _state = new ClusterState(Options.Create(new CoordinatorOptions()), TimeProvider.System, new CoordinatorMetrics(_registry), _readiness);

    public void Dispose() => _state.Dispose();

    [Fact]
    public void ApplyInventory_UnknownNode_CreatedWithDefaultsAndHoldsTheImages()
    {
        _state.ApplyInventory("edge-a", Holding(OldShopApi, EnvoyImage));

        Assert.True(_state.TryGetNode("edge-a", out var node));
        Assert.Equal(new CoordinatorOptions().DefaultCapacityBytes, node.CapacityBytes);
        Assert.Equal(2, node.Images);
        Assert.Equal(97 * Layers.MB, node.UsedBytes);
        Assert.True(_state.TryGetImage("envoyproxy/envoy:v1.29.1", out var envoy));
        Assert.Same(EnvoyImage, envoy);
    }

    [Fact]
    public void SilentNodes_NotLiveAndLastHeardBeforeTheExpiryOrNever_SortedByName()
    {
        var now = DateTimeOffset.UtcNow;
        _state.UpsertNode("edge-c", 1_000 * Layers.MB, 0.9, 0.8, 50e6, now.AddMinutes(-10));
        _state.UpsertNode("edge-a", 1_000 * Layers.MB, 0.9, 0.8, 50e6, now.AddMinutes(-10));
        _state.UpsertNode("edge-b", 1_000 * Layers.MB, 0.9, 0.8, 50e6, now);
        _state.ApplyInventory("edge-d", Holding(OldShopApi));
        _state.UpsertNode("edge-0", 1_000 * Layers.MB, 0.9, 0.8, 50e6, now.AddMinutes(-3));

        var silent = _state.SilentNodes(new HashSet<string>(["edge-a"], StringComparer.Ordinal), now.AddMinutes(-2));

        // edge-a is live whatever its stamp; edge-b was heard within the expiry; edge-d never sent a heartbeat.
        Assert.Equal(["edge-0", "edge-c", "edge-d"], silent);
        Assert.Equal(5, _state.Nodes().Count);
    }

    [Fact]
    public void UpsertNode_CapacityChanged_RebuildsCacheFromLastInventory()
    {
        var at = DateTimeOffset.UtcNow;
        _state.UpsertNode("edge-a", 1_000 * Layers.MB, 0.9, 0.8, 50e6, at);
        _state.ApplyInventory("edge-a", Holding(OldShopApi));

        _state.UpsertNode("edge-a", 2_000 * Layers.MB, 0.95, 0.85, 80e6, at.AddSeconds(5));

        Assert.True(_state.TryGetNode("edge-a", out var node));
        Assert.Equal(2_000 * Layers.MB, node.CapacityBytes);
        Assert.Equal(0.95, node.HighWatermark);
        Assert.Equal(80e6, node.BandwidthBytesPerSecond);
        Assert.Equal(at.AddSeconds(5), node.HeartbeatAt);
        Assert.Equal(OldShopApi.SizeBytes, node.UsedBytes);
        using var read = _state.Read();
        Assert.Equal(1, read.View.HolderCount(Base.Digest));
    }

    [Fact]
    public void ReadTryGetNode_AfterEveryAddRebuildReportAndRemoval_NamesTheNodeItsIdHoldsInTheView()
    {
        var random = new Random(20261202);
        var at = DateTimeOffset.UtcNow;
        var names = Enumerable.Range(0, 12).Select(i => $"edge-{i:D2}").ToArray();
        var gone = new HashSet<string>(names);
        for (var step = 0; step < 400; step++)
        {
            var node = names[random.Next(names.Length)];
            switch (random.Next(5))
            {
                case 0:
                    // A heartbeat; a new capacity now and then rebuilds the node's cache in its place in the view.
                    _state.UpsertNode(node, (1_000 + (random.Next(3) * 500)) * Layers.MB, 0.9, 0.8, random.Next(1, 100) * 1e6, at.AddSeconds(step));
                    gone.Remove(node);
                    break;
                case 1:
                    _state.ApplyInventory(node, Holding(random.Next(2) == 0 ? OldShopApi : EnvoyImage));
                    gone.Remove(node);
                    break;
                case 2:
                    // Filled apart (a node whose cache is empty), then put in the view: in its place, or reconciled.
                    var snapshot = Holding(random.Next(2) == 0 ? OldShopApi : EnvoyImage);
                    _state.ApplyInventory(node, snapshot, 0, PreparedFor(node, snapshot));
                    gone.Remove(node);
                    break;
                default:
                    Assert.Equal(!gone.Contains(node), _state.RemoveNode(node));
                    gone.Add(node);
                    break;
            }

            var reported = _state.Nodes().ToDictionary(n => n.Node);
            using var read = _state.Read();
            foreach (var name in names)
            {
                var known = read.TryGetNode(name, out var id, out var bandwidth);
                Assert.Equal(!gone.Contains(name), known);
                if (known)
                {
                    Assert.Equal(name, read.View.Nodes[id].Name);
                    Assert.Equal(reported[name].BandwidthBytesPerSecond, bandwidth);
                }
            }

            Assert.Equal(names.Length - gone.Count, read.View.Nodes.Count);
        }
    }

    [Fact]
    public void ApplyInventory_Prepared_PutsTheCacheFilledApartInTheNodesPlace_AsApplyingInPlaceWould()
    {
        var at = DateTimeOffset.UtcNow;
        using var other = new ClusterState(Options.Create(new CoordinatorOptions()), TimeProvider.System, new CoordinatorMetrics(new MetricRegistry()), new Readiness());
        foreach (var state in new[] { _state, other })
        {
            foreach (var name in new[] { "edge-a", "edge-b", "edge-c" })
            {
                state.UpsertNode(name, 2_000 * Layers.MB, 0.9, 0.8, 50e6, at, site: name == "edge-b" ? "west" : null);
            }

            state.ApplyInventory("edge-a", Holding(OldShopApi));
        }

        var snapshot = Holding(OldShopApi, EnvoyImage);
        var prepared = PreparedFor("edge-b", snapshot);
        Assert.NotNull(prepared);
        Assert.True(_state.TryGetNode("edge-b", out var before));
        Assert.Equal(0, before.Images);

        _state.ApplyInventory("edge-b", snapshot, 7, prepared);
        other.ApplyInventory("edge-b", snapshot, 7);

        Assert.Equal(other.Nodes().Select(n => n with { HeartbeatAt = null }), _state.Nodes().Select(n => n with { HeartbeatAt = null }));
        using var read = _state.Read();
        Assert.True(read.TryGetNode("edge-b", out var id, out _));
        Assert.Equal(1, id);
        Assert.Equal("west", read.View.Nodes[id].Site);
        Assert.Equal(2, read.View.HolderCount(Base.Digest));
        Assert.Equal(1, read.View.HolderCount(Envoy.Digest));
        Assert.Equal(["edge-b"], read.View.NodesWithImage(EnvoyImage.Reference).Select(n => n.Name));
    }

    [Fact]
    public void EmptyCaches_GivesEachEmptyNodesCacheInItsPlace_AndNothingForANodeUnknownOrHoldingSomething()
    {
        HeartbeatsOfEmptyNodes("edge-b", "edge-c");
        _state.ApplyInventory("edge-a", Holding(OldShopApi));

        var empty = _state.EmptyCaches(["edge-c", "edge-z", "edge-a", "edge-b"]);

        Assert.Equal(["edge-c", null, null, "edge-b"], empty.Select(c => c?.Name));
        Assert.All(empty.OfType<NodeCache>(), c => Assert.True(c.IsEmpty));
        using var read = _state.Read();
        Assert.True(read.TryGetNode("edge-c", out var c, out _));
        Assert.Same(read.View.Nodes[c], empty[0]);
    }

    [Fact]
    public void Prepare_ASnapshotANodeCannotHold_PreparesNothing()
    {
        HeartbeatsOfEmptyNodes("edge-a");
        var tooMany = new InventorySnapshot([EnvoyImage], Enumerable.Repeat(EnvoyImage.Reference, NodeCache.MaxContainers + 1).ToList(), []);

        Assert.Null(PreparedFor("edge-a", tooMany));
    }

    [Fact]
    public void ApplyInventory_PreparedAgainstACacheThatChangedSince_ReconcilesTheSnapshotInstead()
    {
        var at = HeartbeatsOfEmptyNodes("edge-a", "edge-b");
        var snapshot = Holding(EnvoyImage);
        var filledBeforeAReport = PreparedFor("edge-a", snapshot);
        var filledBeforeARebuild = PreparedFor("edge-b", snapshot);

        // edge-a reported something in between; edge-b's cache was rebuilt with a new capacity (empty still).
        _state.ApplyInventory("edge-a", Holding(OldShopApi));
        _state.UpsertNode("edge-b", 3_000 * Layers.MB, 0.9, 0.8, 50e6, at);
        _state.ApplyInventory("edge-a", snapshot, 0, filledBeforeAReport);
        _state.ApplyInventory("edge-b", snapshot, 0, filledBeforeARebuild);

        Assert.True(_state.TryGetNode("edge-a", out var a));
        Assert.True(_state.TryGetNode("edge-b", out var b));
        Assert.Equal((1, EnvoyImage.SizeBytes), (a.Images, a.UsedBytes));
        Assert.Equal((1, EnvoyImage.SizeBytes, 3_000 * Layers.MB), (b.Images, b.UsedBytes, b.CapacityBytes));
        using var read = _state.Read();
        Assert.Equal(0, read.View.HolderCount(Base.Digest));
        Assert.Equal(2, read.View.HolderCount(Envoy.Digest));
    }

    [Fact]
    public void ApplyInventory_PreparedFromAnotherSnapshotOrForAnotherNode_IsRefused()
    {
        var at = HeartbeatsOfEmptyNodes("edge-a", "edge-b");
        var snapshot = Holding(EnvoyImage);
        var prepared = PreparedFor("edge-a", snapshot);

        Assert.Throws<ArgumentException>(() => _state.ApplyInventory("edge-a", Holding(OldShopApi), 0, prepared));
        Assert.Throws<ArgumentException>(() => _state.ApplyInventory("edge-b", snapshot, 0, prepared));

        Assert.All(_state.Nodes(), n => Assert.Equal(0, n.Images));
    }

    /// <summary>The node's cache filled from the snapshot as the store feed fills it; null where the node is not empty.</summary>
    private PreparedInventory? PreparedFor(string node, InventorySnapshot snapshot) =>
        _state.EmptyCaches([node])[0] is { } empty ? _state.Prepare(empty, snapshot) : null;

    /// <summary>A heartbeat of each node (2,000 MB, no inventory yet), all at the time returned.</summary>
    private DateTimeOffset HeartbeatsOfEmptyNodes(params string[] nodes)
    {
        var at = DateTimeOffset.UtcNow;
        foreach (var node in nodes)
        {
            _state.UpsertNode(node, 2_000 * Layers.MB, 0.9, 0.8, 50e6, at);
        }

        return at;
    }

    [Fact]
    public void RemoveNode_DropsItsLayersFromTheIndex()
    {
        _state.ApplyInventory("edge-a", Holding(OldShopApi));
        _state.ApplyInventory("edge-b", Holding(OldShopApi));

        Assert.True(_state.RemoveNode("edge-a"));
        Assert.False(_state.RemoveNode("edge-a"));

        Assert.Equal(["edge-b"], _state.Nodes().Select(n => n.Node));
        using var read = _state.Read();
        Assert.Equal(1, read.View.HolderCount(Base.Digest));
        Assert.True(read.TryGetNode("edge-b", out var id, out _));
        Assert.Equal(0, id);
    }

    [Fact]
    public void ApplyInventory_ImageGone_ItsLayersLeaveTheNode()
    {
        _state.ApplyInventory("edge-a", Holding(OldShopApi, EnvoyImage));
        _state.ApplyInventory("edge-a", new InventorySnapshot([EnvoyImage], [], []));

        using var read = _state.Read();
        Assert.Equal(0, read.View.HolderCount(Base.Digest));
        Assert.Equal(1, read.View.HolderCount(Envoy.Digest));
    }

    [Fact]
    public void SetImage_WinsOverWhatAnInventorySuggested()
    {
        var moved = Layers.Image("docker.io/envoyproxy/envoy:v1.29.1", Layers.Of("envoy-rebuilt", 11 * Layers.MB));
        _state.ApplyInventory("edge-a", Holding(EnvoyImage));

        _state.SetImage(moved);
        _state.ApplyInventory("edge-b", Holding(EnvoyImage));

        Assert.True(_state.TryGetImage("envoyproxy/envoy:v1.29.1", out var image));
        Assert.Same(moved, image);
    }

    [Fact]
    public void MarkSyncedThenStale_FlagsAndGauge()
    {
        Assert.True(_state.IsStale);
        Assert.False(_readiness.IsReady);

        _state.MarkSynced(DateTimeOffset.UnixEpoch);
        Assert.False(_state.IsStale);
        Assert.Equal(DateTimeOffset.UnixEpoch, _state.LastSyncedAt);
        Assert.True(_readiness.IsReady);

        _state.MarkStale("redis: connection refused");
        Assert.Equal("redis: connection refused", _state.StaleReason);
        Assert.Contains("layercache_view_stale 1\n", _registry.Render(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Readers_DoNotBlockEachOther()
    {
        _state.ApplyInventory("edge-a", Holding(OldShopApi));
        using var first = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var holder = Task.Run(() =>
        {
            using var read = _state.Read();
            first.Set();
            release.Wait(TimeSpan.FromSeconds(10));
        });
        first.Wait(TimeSpan.FromSeconds(10));

        // A second reader gets in while the first still holds its read.
        var second = Task.Run(() => _state.NodeCount);
        var finished = await Task.WhenAny(second, Task.Delay(TimeSpan.FromSeconds(5)));
        release.Set();
        await holder;

        Assert.Same(second, finished);
        Assert.Equal(1, await second);
    }
}
