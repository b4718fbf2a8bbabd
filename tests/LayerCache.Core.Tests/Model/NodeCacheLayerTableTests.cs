using System.Runtime.CompilerServices;
using LayerCache.Core.Model;
using LayerCache.Core.Tests.Support;

namespace LayerCache.Core.Tests.Model;

/// <summary>
/// A node keeps its layers in one array with its own hash index, and <see cref="CachedLayer"/> is a handle on an
/// entry there: what it reads after layers come and go, and the index against a plain set of what the node holds.
/// </summary>
public sealed class NodeCacheLayerTableTests
{
    private readonly ManualTimeProvider _time = new();

    [Fact]
    public void HandleOfARemovedLayer_ReadsItsLastStateUntilThePlaceIsReused_ThenThrows()
    {
        var node = Build.Node("n0", 10_000, _time);
        var gone = node.AddLayer(Build.Layer(1, 100), LayerState.Present);
        node.RemoveLayer(gone.Digest);

        Assert.Equal(LayerState.Absent, gone.State);
        Assert.Equal(100, gone.FootprintBytes);
        Assert.False(node.Contains(gone.Digest));

        var next = node.AddLayer(Build.Layer(2, 200), LayerState.Present);

        Assert.NotEqual(gone, next);
        var error = Assert.Throws<InvalidOperationException>(() => gone.State);
        Assert.Contains("left node 'n0'", error.Message, StringComparison.Ordinal);
        Assert.Equal(Build.Digest(1), gone.Digest); // the layer a handle names is always readable
        Assert.Equal(LayerState.Present, next.State);
    }

    [Fact]
    public void HandlesOfOneEntry_AreEqual_AndSeeEachOthersChanges()
    {
        var node = Build.Node("n0", 10_000, _time);
        var image = Build.Image("a", Build.Layer(1, 100));
        node.AddImage(image, LayerState.Fetching);
        Assert.True(node.TryGetLayer(Build.Digest(1), out var first));

        node.SetLayerState(Build.Digest(1), LayerState.Present);
        node.Pin("a");

        Assert.True(node.TryGetLayer(Build.Digest(1), out var second));
        Assert.Equal(first, second);
        Assert.Equal(LayerState.Present, first.State);
        Assert.True(first.InUse);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void RandomAddsAndRemoves_IndexAgreesWithASetOfWhatTheNodeHolds(int seed)
    {
        var random = new Random(seed);
        var node = Build.Node("n0", long.MaxValue / 4, _time);
        var layers = Enumerable.Range(1, 600).Select(i => Build.Layer(i, 10 + i)).ToArray();
        var held = new HashSet<Digest>();
        for (var step = 0; step < 5_000; step++)
        {
            var layer = layers[random.Next(layers.Length)];
            if (held.Contains(layer.Digest))
            {
                node.RemoveLayer(layer.Digest);
                held.Remove(layer.Digest);
            }
            else
            {
                node.AddLayer(layer, (LayerState)random.Next(1, 4));
                held.Add(layer.Digest);
            }
        }

        Assert.Equal(held.Count, node.Layers.Count);
        Assert.Equal(held.OrderBy(d => d.Value), node.Layers.Select(l => l.Digest).OrderBy(d => d.Value));
        Assert.Equal(layers.Where(l => held.Contains(l.Digest)).Sum(l => l.SizeBytes), node.UsedBytes);
        Assert.All(layers, l => Assert.Equal(held.Contains(l.Digest), node.Contains(l.Digest)));
        Assert.All(node.Layers, l => Assert.True(node.TryGetLayer(l.Digest, out var found) && found == l));
    }

    [Fact]
    public void AddingWhileListing_Throws_RemovingWhileListing_DoesNot()
    {
        var node = Build.Node("n0", 10_000, _time);
        node.AddLayer(Build.Layer(1, 100));
        node.AddLayer(Build.Layer(2, 100));
        node.AddLayer(Build.Layer(3, 100));

        foreach (var layer in node.Layers)
        {
            node.RemoveLayer(layer.Digest);
        }

        Assert.Empty(node.Layers);
        node.AddLayer(Build.Layer(4, 100));
        node.AddLayer(Build.Layer(5, 100));
        Assert.Throws<InvalidOperationException>(() =>
        {
            foreach (var layer in node.Layers)
            {
                node.AddLayer(Build.Layer(6, 100));
            }
        });
    }

    [Fact]
    public void Listing_KeepsTheOrderLayersCameIn_AndReusesTheLatestFreedPlaceFirst()
    {
        var node = Build.Node("n0", 10_000, _time);
        for (var i = 1; i <= 4; i++)
        {
            node.AddLayer(Build.Layer(i, 100));
        }

        node.RemoveLayer(Build.Digest(2));
        node.RemoveLayer(Build.Digest(3));
        node.AddLayer(Build.Layer(5, 100));

        // As a dictionary lists its entries: the new layer takes the place freed last.
        Assert.Equal([Build.Digest(1), Build.Digest(5), Build.Digest(4)], node.Layers.Select(l => l.Digest));
    }

    [Fact]
    public void MoreContainersThanANodeRuns_AreRefusedBeforeAnyChange()
    {
        var node = Build.Node("n0", 10_000, _time);
        node.AddImage(Build.Image("a", Build.Layer(1, 100), Build.Layer(2, 100)));
        for (var i = 0; i < NodeCache.MaxContainers; i++)
        {
            node.Pin("a");
        }

        Assert.Throws<InvalidOperationException>(() => node.Pin("a"));

        Assert.Equal(NodeCache.MaxContainers, node.RunningContainers);
        Assert.All(node.Layers, l => Assert.Equal(NodeCache.MaxContainers, l.PinCount));
    }

    [Fact]
    public void UseCount_StopsAtItsMaximum()
    {
        var node = Build.Node("n0", 10_000, _time);
        node.AddImage(Build.Image("a", Build.Layer(1, 100)));
        Assert.True(node.TryGetLayer(Build.Digest(1), out var layer));
        layer.UseCount = uint.MaxValue - 1;

        node.Touch("a");
        node.Touch("a");

        Assert.Equal(uint.MaxValue, layer.UseCount);
    }

    [Fact]
    public void UseCounts_AreCountedPerLayer_AndAPlaceReusedStartsAtZero()
    {
        var node = Build.Node("n0", 10_000, _time);
        node.AddImage(Build.Image("a", Build.Layer(1, 100), Build.Layer(2, 100)));
        node.AddImage(Build.Image("b", Build.Layer(2, 100)));
        node.Touch("a");
        node.Touch("b");
        Assert.True(node.TryGetLayer(Build.Digest(1), out var first));
        Assert.True(node.TryGetLayer(Build.Digest(2), out var shared));
        Assert.Equal(1, first.UseCount);
        Assert.Equal(2, shared.UseCount);

        node.RemoveImage("a");
        var next = node.AddLayer(Build.Layer(3, 100), LayerState.Present);

        Assert.Throws<InvalidOperationException>(() => first.UseCount); // layer 3 took layer 1's place
        Assert.Equal(0, next.UseCount);
        Assert.Equal(2, shared.UseCount);
    }

    [Fact]
    public void AnEntry_Takes32Bytes_AndAHolding4()
    {
        Assert.Equal(32, Unsafe.SizeOf<LayerEntry>());
        Assert.Equal(4, Unsafe.SizeOf<Holding>());
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4_999)]
    [InlineData(Holding.MaxNodeId)]
    public void AHolding_GivesBackItsNodeStateAndUse(int nodeId)
    {
        foreach (var state in Enum.GetValues<LayerState>())
        {
            foreach (var inUse in new[] { false, true })
            {
                var holding = new Holding(nodeId, state, inUse);

                Assert.Equal((nodeId, state, inUse), (holding.NodeId, holding.State, holding.InUse));
                Assert.Equal((state, inUse), Holding.Decode(holding.Code));
                Assert.NotEqual(0, holding.Code);
            }
        }
    }

    [Fact]
    public void AHolding_RefusesANodeIdItCannotHold()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Holding(Holding.MaxNodeId + 1, LayerState.Present, false));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Holding(-2, LayerState.Present, false));
    }

    [Fact]
    public void UnreferencedLayers_ThroughImagesAndBlobsComingAndGoing_EqualsACountOfTheTable()
    {
        // Eviction walks a node's layers for blobs no image references only when this count says there are some.
        var node = Build.Node("n0", 100_000, _time);
        void AssertCount() => Assert.Equal(node.Layers.Count(l => l.ImageRefCount == 0), node.UnreferencedLayers);

        node.AddLayer(Build.Layer(1, 100), LayerState.Present); // prefetched: no image yet
        AssertCount();
        node.AddImage(Build.Image("a", Build.Layer(1, 100), Build.Layer(2, 100)));
        AssertCount();
        node.AddImage(Build.Image("b", Build.Layer(2, 100), Build.Layer(3, 100)), LayerState.Fetching);
        AssertCount();
        node.RemoveImage("a"); // layer 1 goes, layer 2 stays for b
        AssertCount();
        node.RemoveImage("b"); // layer 2 goes; layer 3 is still being fetched, so it stays, unreferenced
        Assert.Equal(1, node.UnreferencedLayers);
        AssertCount();
        node.SetLayerState(Build.Digest(3), LayerState.Present);
        node.RemoveLayer(Build.Digest(3));
        Assert.Equal(0, node.UnreferencedLayers);
        AssertCount();
    }

    [Fact]
    public void PinnedTwiceAndUnpinned_ThenPinnedAgainAfterOtherLayersCame_CountsPinsAndBytesOnTheRightEntries()
    {
        // A pinned image keeps its layers' entries; they must stay right while other layers come and go.
        var node = Build.Node("n0", 100_000, _time);
        node.AddImage(Build.Image("a", Build.Layer(1, 100), Build.Layer(2, 200)));
        node.Pin("a");
        node.Pin("a");
        for (var i = 10; i < 40; i++)
        {
            node.AddLayer(Build.Layer(i, 10), LayerState.Present); // grows the table
        }

        node.Unpin("a");
        Assert.Equal(300, node.PinnedBytes);
        node.Unpin("a");
        Assert.Equal(0, node.PinnedBytes);
        Assert.All(node.Layers, l => Assert.False(l.InUse));

        node.RemoveLayer(Build.Digest(10)); // a free place for the next layer
        node.AddImage(Build.Image("b", Build.Layer(3, 50), Build.Layer(1, 100)));
        node.Pin("b");
        Assert.Equal(150, node.PinnedBytes);
        Assert.True(node.TryGetLayer(Build.Digest(3), out var three) && three.InUse);
        Assert.True(node.TryGetLayer(Build.Digest(1), out var one) && one.InUse);
        Assert.True(node.TryGetLayer(Build.Digest(2), out var two) && !two.InUse);
    }
}
