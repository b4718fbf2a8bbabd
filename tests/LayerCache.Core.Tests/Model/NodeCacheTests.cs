using LayerCache.Core.Model;
using LayerCache.Core.Tests.Support;

namespace LayerCache.Core.Tests.Model;

public sealed class NodeCacheTests
{
    private readonly ManualTimeProvider _time = new();
    private readonly Layer _l1 = Build.Layer(1, 100);
    private readonly Layer _l2 = Build.Layer(2, 200);
    private readonly Layer _l3 = Build.Layer(3, 50);
    private readonly ContainerImage _a;
    private readonly ContainerImage _b;
    private readonly NodeCache _node;

    public NodeCacheTests()
    {
        _a = Build.Image("a", _l1, _l2);
        _b = Build.Image("b", _l2, _l3);
        _node = Build.Node("n0", 1000, _time);
    }

    [Theory]
    [InlineData(0.9, 0.95)]
    [InlineData(1.1, 0.5)]
    [InlineData(0.9, -0.1)]
    public void Constructor_BadWatermarks_Throws(double high, double low)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new NodeCache("n", 1000, high, low, _time));
    }

    [Theory]
    [InlineData(1000, 0.9, 0.7, 900, 700)]
    [InlineData(1001, 0.9, 0.5, 900, 500)] // 1001 x 0.9 = 900.9, truncated
    [InlineData(32_000_000_000, 0.9, 0.8, 28_800_000_000, 25_600_000_000)]
    public void WatermarkBytes_AreCapacityTimesFraction(long capacity, double high, double low, long highBytes, long lowBytes)
    {
        var node = new NodeCache("n", capacity, high, low, _time);

        Assert.Equal(highBytes, node.HighWatermarkBytes);
        Assert.Equal(lowBytes, node.LowWatermarkBytes);
    }

    [Fact]
    public void AddImage_SharedLayer_AddedOnceAndRefCounted()
    {
        _node.AddImage(_a);
        Assert.Equal(300, _node.UsedBytes); // 100 + 200

        _node.AddImage(_b);

        Assert.Equal(350, _node.UsedBytes); // + 50 only: layer 2 is already there
        Assert.True(_node.TryGetLayer(_l2.Digest, out var shared));
        Assert.Equal(2, shared.ImageRefCount);
        Assert.Equal(LayerState.Unpacked, shared.State);
        Assert.Equal(3, _node.Layers.Count);
        Assert.True(_node.HasImage("a") && _node.HasImage("b"));
    }

    [Fact]
    public void AddImage_Twice_ChangesNothing()
    {
        var first = _node.AddImage(_a);

        var second = _node.AddImage(_a);

        Assert.Same(first, second);
        Assert.Equal(300, _node.UsedBytes);
        Assert.True(_node.TryGetLayer(_l1.Digest, out var layer));
        Assert.Equal(1, layer.ImageRefCount);
    }

    [Fact]
    public void AddImage_GivenState_AppliesOnlyToNewLayers()
    {
        _node.AddImage(_a, LayerState.Unpacked);

        _node.AddImage(_b, LayerState.Present);

        Assert.Equal(LayerState.Unpacked, _node.StateOf(_l2.Digest));
        Assert.Equal(LayerState.Present, _node.StateOf(_l3.Digest));
        Assert.Equal(LayerState.Absent, _node.StateOf(Build.Digest(9)));
        Assert.Throws<ArgumentException>(() => _node.AddImage(Build.Image("c", Build.Layer(9, 1)), LayerState.Absent));
    }

    [Fact]
    public void AddLayer_Orphan_HasNoImageReference()
    {
        var orphan = _node.AddLayer(_l3);

        Assert.Equal(0, orphan.ImageRefCount);
        Assert.Equal(LayerState.Present, orphan.State);
        Assert.Equal(50, _node.UsedBytes);
        Assert.Equal(orphan, _node.AddLayer(_l3, LayerState.Unpacked));
        Assert.Equal(50, _node.UsedBytes);

        _node.AddImage(_b); // the prefetched blob becomes part of an image

        Assert.Equal(1, orphan.ImageRefCount);
        Assert.Equal(250, _node.UsedBytes); // 50 + 200
    }

    [Fact]
    public void MissingBytes_CountsOnlyAbsentDistinctLayers()
    {
        _node.AddImage(_a);

        Assert.Equal(50, _node.MissingBytes(_b)); // layer 3 only
        Assert.Equal(0, _node.MissingBytes(_a));
        Assert.Equal(50, _node.MissingBytes(Build.Image("dup", _l3, _l3, _l1)));
    }

    [Fact]
    public void SetLayerState_ChangesStateButRefusesAbsent()
    {
        _node.AddImage(_a, LayerState.Fetching);

        _node.SetLayerState(_l1.Digest, LayerState.Present);

        Assert.Equal(LayerState.Present, _node.StateOf(_l1.Digest));
        Assert.Throws<ArgumentException>(() => _node.SetLayerState(_l1.Digest, LayerState.Absent));
        Assert.Throws<KeyNotFoundException>(() => _node.SetLayerState(_l3.Digest, LayerState.Present));
    }

    [Fact]
    public void Touch_UpdatesLastUsedAndUseCountOfImageAndLayers()
    {
        _node.AddImage(_a);
        _node.AddImage(_b);
        _time.Advance(TimeSpan.FromMinutes(5));
        _node.Inflation = 2.5;

        _node.Touch("a");
        _node.Touch("b");

        Assert.True(_node.TryGetImage("a", out var image));
        Assert.Equal(ManualTimeProvider.Start.AddMinutes(5), image.LastUsed);
        Assert.Equal(ManualTimeProvider.Start, image.AddedAt);
        Assert.Equal(1, image.UseCount);
        Assert.Equal(2.5, image.InflationAtLastUse);
        Assert.True(_node.TryGetLayer(_l2.Digest, out var shared));
        Assert.Equal(2, shared.UseCount); // once through a, once through b
        Assert.Equal(ManualTimeProvider.Start.AddMinutes(5), shared.LastUsed);
        Assert.Equal(2.5, shared.InflationAtLastUse);
        Assert.Throws<KeyNotFoundException>(() => _node.Touch("missing"));
    }

    [Fact]
    public void ToString_ShowsUsage()
    {
        _node.AddImage(_a);

        Assert.Equal("n0 (300/1000 bytes)", _node.ToString());
    }
}
