using LayerCache.Core.Model;
using LayerCache.Core.Tests.Support;

namespace LayerCache.Core.Tests.Model;

/// <summary>NodeCache's pinning, removal and fit checks.</summary>
public sealed class NodeCacheRemovalTests
{
    private readonly ManualTimeProvider _time = new();
    private readonly Layer _l1 = Build.Layer(1, 100);
    private readonly Layer _l2 = Build.Layer(2, 200);
    private readonly Layer _l3 = Build.Layer(3, 50);
    private readonly NodeCache _node;

    public NodeCacheRemovalTests()
    {
        _node = Build.Node("n0", 1000, _time);
        _node.AddImage(Build.Image("a", _l1, _l2));
        _node.AddImage(Build.Image("b", _l2, _l3));
    }

    [Fact]
    public void PinUnpin_MaintainPinnedBytesAndRunningContainers()
    {
        _node.Pin("a");
        Assert.Equal(300, _node.PinnedBytes); // 100 + 200
        _node.Pin("b");
        Assert.Equal(350, _node.PinnedBytes); // + 50: layer 2 was already pinned
        _node.Pin("a");
        Assert.Equal(350, _node.PinnedBytes);
        Assert.Equal(3, _node.RunningContainers);
        Assert.True(_node.TryGetLayer(_l2.Digest, out var shared));
        Assert.Equal(3, shared.PinCount);

        _node.Unpin("a");
        Assert.Equal(350, _node.PinnedBytes); // layer 1 still used by the second container of a
        _node.Unpin("a");
        Assert.Equal(250, _node.PinnedBytes); // layer 1 released: 350 - 100
        Assert.Equal(1, _node.RunningContainers);
        Assert.Equal(1, shared.PinCount);
        Assert.True(_node.TryGetImage("a", out var a));
        Assert.False(a.InUse);

        Assert.Throws<InvalidOperationException>(() => _node.Unpin("a"));
        Assert.Throws<KeyNotFoundException>(() => _node.Pin("missing"));
    }

    [Fact]
    public void RemoveImage_SharedLayer_FreesOnlyUnsharedLayers()
    {
        var freed = _node.RemoveImage("a");

        Assert.Equal(100, freed); // layer 2 still belongs to b
        Assert.Equal(250, _node.UsedBytes);
        Assert.False(_node.HasImage("a"));
        Assert.False(_node.Contains(_l1.Digest));
        Assert.True(_node.TryGetLayer(_l2.Digest, out var shared));
        Assert.Equal(1, shared.ImageRefCount);

        Assert.Equal(250, _node.RemoveImage("b"));
        Assert.Equal(0, _node.UsedBytes);
        Assert.Empty(_node.Layers);
    }

    [Fact]
    public void RemoveImage_InUse_RefusesAndKeepsEverything()
    {
        _node.Pin("b");

        var error = Assert.Throws<InvalidOperationException>(() => _node.RemoveImage("b"));

        Assert.Contains("'b' is in use", error.Message);
        Assert.True(_node.HasImage("b"));
        Assert.Equal(350, _node.UsedBytes);
        Assert.Throws<KeyNotFoundException>(() => _node.RemoveImage("missing"));
    }

    [Fact]
    public void RemoveImage_LayerSharedWithRunningImage_Stays()
    {
        _node.Pin("b");

        Assert.Equal(100, _node.RemoveImage("a")); // layer 2 is referenced and pinned by b

        Assert.True(_node.Contains(_l2.Digest));
    }

    [Fact]
    public void RemoveLayer_ReferencedOrMissing_Refuses()
    {
        Assert.Throws<InvalidOperationException>(() => _node.RemoveLayer(_l2.Digest));
        Assert.Throws<KeyNotFoundException>(() => _node.RemoveLayer(Build.Digest(42)));
        Assert.Equal(350, _node.UsedBytes);
    }

    [Fact]
    public void RemoveLayer_Orphan_FreesItsBytes()
    {
        _node.AddLayer(Build.Layer(4, 70));
        Assert.Equal(420, _node.UsedBytes);

        Assert.Equal(70, _node.RemoveLayer(Build.Digest(4)));

        Assert.Equal(350, _node.UsedBytes);
    }

    [Fact]
    public void CanFit_CountsOnlyPinnedBytesAndTheImageOwnNewBytes()
    {
        // Capacity 1000. Pinned: a = 300 (layers 1, 2). Unpinned b's layer 3 and the orphan do not count.
        _node.Pin("a");
        _node.AddLayer(Build.Layer(5, 900));

        // 300 pinned + 700 new = 1000 <= 1000.
        Assert.True(_node.CanFit(Build.Image("fits", Build.Layer(6, 700))));

        // 300 pinned + 701 = 1001 > 1000.
        Assert.False(_node.CanFit(Build.Image("too-big", Build.Layer(6, 701))));

        // 300 + (200 + 700) - 200 already pinned = 1000: the pinned shared layer is not counted twice.
        Assert.True(_node.CanFit(Build.Image("shares", _l2, Build.Layer(6, 700))));

        // 300 + (50 + 651) = 1001: layer 3 is present but unpinned, so it counts.
        Assert.False(_node.CanFit(Build.Image("unpinned-shared", _l3, Build.Layer(6, 651))));
    }
}
